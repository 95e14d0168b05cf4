import { resolve } from 'node:path';
import { fileUrl } from './probe';
import { runTool } from './run';

/**
 * What speech engines get: mono 16 kHz, the rate Whisper models work at (anything more is
 * resampled away on the server and costs upload bytes).
 *  - flac: lossless and about half of WAV; read by OpenAI, faster-whisper and whisper.cpp.
 *  - wav: 16-bit PCM, the one format every server reads (32 kB per second).
 *  - mp3: 48 kbit/s, smallest; for slow uplinks.
 */
export type SpeechAudioFormat = 'flac' | 'wav' | 'mp3';

/** Worst-case bytes per second of each format (FLAC never exceeds PCM by more than its framing). */
export const BYTES_PER_SECOND: Record<SpeechAudioFormat, number> = { wav: 32_000, flac: 33_000, mp3: 6_000 };

const CODEC: Record<SpeechAudioFormat, string[]> = {
  flac: ['-c:a', 'flac', '-f', 'flac'],
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '48k', '-f', 'mp3'],
};

export const MIME: Record<SpeechAudioFormat, string> = { flac: 'audio/flac', wav: 'audio/wav', mp3: 'audio/mpeg' };

export interface ExtractOptions {
  format: SpeechAudioFormat;
  /** Cut [startMs, startMs + durationMs) of media time; the whole stream when absent. */
  startMs?: number;
  durationMs?: number;
  signal?: AbortSignal;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Decodes the first audio stream of `input` to mono 16 kHz. `-ss` before `-i` seeks the input,
 * and because we transcode ffmpeg then decodes up to the exact sample (accurate_seek), so chunk
 * times line up with media time without decoding the whole file per chunk.
 */
export async function extractSpeechAudio(ffmpeg: string, input: string, out: string, opts: ExtractOptions): Promise<void> {
  const abs = resolve(input);
  const outAbs = resolve(out);
  const cut = [
    ...(opts.startMs !== undefined && opts.startMs > 0 ? ['-ss', seconds(opts.startMs)] : []),
    ...(opts.durationMs !== undefined ? ['-t', seconds(opts.durationMs)] : []),
  ];
  await runTool(
    ffmpeg,
    ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...cut, '-i', fileUrl(abs), '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', '16000', ...CODEC[opts.format], fileUrl(outAbs)],
    { signal: opts.signal, hidePaths: [abs, outAbs] },
  );
}
