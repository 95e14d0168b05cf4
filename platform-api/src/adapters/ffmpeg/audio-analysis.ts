import { resolve } from 'node:path';
import type { AiCallOptions, AudioAnalysis, AudioAnalyzer } from '../../ports/ai';
import { ffprobeJson, fileUrl } from './probe';
import { percentReporter } from './progress';
import { runTool } from './run';

export interface FfmpegAudioAnalyzerOptions {
  /** Default `ffmpeg` (looked up on PATH). */
  ffmpegPath?: string;
  /** Default `ffprobe`. */
  ffprobePath?: string;
  /** silencedetect `noise` in dBFS (default -40) and minimum silence (default 500 ms), docs/media-pipeline.md. */
  silenceDb?: number;
  minSilenceMs?: number;
}

type Span = { startMs: number; endMs: number };

/**
 * Loudness and speech/silence in ONE decode of the first audio stream:
 * `-af ebur128=peak=true,silencedetect=noise=-40dB:d=0.5` (docs/media-pipeline.md: 120x realtime,
 * speech boundaries within 14 ms). ebur128's per-100 ms lines go to `framelog=verbose`, below
 * `-v info`, so stderr holds only the silence events and the summary (runTool keeps its last 16 KB).
 */
export class FfmpegAudioAnalyzer implements AudioAnalyzer {
  readonly engine = 'ffmpeg';
  readonly model = 'ebur128+silencedetect';
  readonly #o: Required<Pick<FfmpegAudioAnalyzerOptions, 'silenceDb' | 'minSilenceMs'>> & { ffmpeg: string; ffprobe: string };

  constructor(options: FfmpegAudioAnalyzerOptions = {}) {
    this.#o = { ffmpeg: options.ffmpegPath ?? 'ffmpeg', ffprobe: options.ffprobePath ?? 'ffprobe', silenceDb: options.silenceDb ?? -40, minSilenceMs: options.minSilenceMs ?? 500 };
  }

  async analyze(mediaPath: string, options: AiCallOptions & { durationMs: number }): Promise<AudioAnalysis> {
    const { signal, onProgress } = options;
    const input = resolve(mediaPath);
    signal?.throwIfAborted();
    // A file without audio has nothing to measure; ffmpeg would fail with "no stream" instead.
    const probe = await ffprobeJson(this.#o.ffprobe, input);
    if (!probe.streams?.some((s) => s.codec_type === 'audio')) return { integratedLufs: null, truePeakDbtp: null, speech: [], silence: [] };
    // The file's own duration bounds the last interval (a trailing silence is closed at EOF); the caller's when ffprobe has none.
    const probed = Math.round(Number(probe.format?.duration ?? 0) * 1000);
    const durationMs = probed > 0 ? probed : options.durationMs;
    onProgress?.(0);
    const filter = `ebur128=peak=true:framelog=verbose,silencedetect=noise=${this.#o.silenceDb}dB:d=${this.#o.minSilenceMs / 1000}`;
    const { stderr } = await runTool(this.#o.ffmpeg, [
      '-nostdin', '-hide_banner', '-nostats', '-v', 'info', '-progress', 'pipe:1',
      '-i', fileUrl(input), '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', filter, '-f', 'null', '-',
    ], { signal, hidePaths: [input], onProgress: onProgress ? percentReporter(null, durationMs * 1000, onProgress) : undefined });
    const result = parseAudioAnalysis(stderr, durationMs);
    onProgress?.(100);
    return result;
  }
}

/**
 * Reads silencedetect's `silence_start: S` / `silence_end: S | …` lines and ebur128's summary
 * (`I: -21.3 LUFS`, `Peak: -4.8 dBFS`). A trailing silence is closed at EOF by ffmpeg 5.1 (its
 * end can overshoot by the AAC padding) and clamped to the duration; speech is the complement.
 */
export function parseAudioAnalysis(stderr: string, durationMs: number): AudioAnalysis {
  const silence: Span[] = [];
  let open: number | null = null;
  for (const m of stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const ms = Math.max(0, Math.min(durationMs, Math.round(Number(m[2]) * 1000)));
    if (m[1] === 'start') open = ms;
    else if (open !== null) {
      if (ms > open) silence.push({ startMs: open, endMs: ms });
      open = null;
    }
  }
  if (open !== null && durationMs > open) silence.push({ startMs: open, endMs: durationMs });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  // ebur128 floors an unmeasurable programme (digital silence) at -70 LUFS and a silent peak at -inf.
  const lufs = finite(/\bI:\s+(-?[\d.]+|-inf|nan) LUFS/.exec(summary)?.[1]);
  const peak = finite(/\bPeak:\s+(-?[\d.]+|-inf|nan) dBFS/.exec(summary)?.[1]);
  return { integratedLufs: lufs !== null && lufs > -70 ? lufs : null, truePeakDbtp: peak, speech: complement(silence, durationMs), silence };
}

function finite(v: string | undefined): number | null {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) ? n : null;
}

function complement(silence: readonly Span[], durationMs: number): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const s of silence) {
    if (s.startMs > at) out.push({ startMs: at, endMs: s.startMs });
    at = Math.max(at, s.endMs);
  }
  if (durationMs > at) out.push({ startMs: at, endMs: durationMs });
  return out;
}
