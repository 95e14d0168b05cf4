import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type RenderOutput } from '@cutaway/shared';
import type { DeliveryRenderer, RenderJobInput, RenderJobResult, SubjectDetector, SubjectSample } from '../../ports/delivery-renderer';
import { runTool } from '../ffmpeg/run';
import { buildAss, buildSrt, buildVtt, captionEvents } from './captions';
import { canvasFor, cropFor, encodeArgs, FILES, inputArgs, measureGraph, renderGraph, trackCommands, type LoudnessMeasure } from './graph';
import { planShots } from './track';
import { measure } from './verify';

export interface FfmpegDeliveryRendererOptions {
  ffmpeg: string;
  ffprobe: string;
  detector: SubjectDetector;
}

/** Loudness must land within ±1 LU of the target (issue 16); true peak at or below it. */
const LOUDNESS_TOLERANCE_LU = 1;
/** AAC re-encoding can lift true peaks a few tenths of a dB: the limiter aims this far below the target. */
const TRUE_PEAK_HEADROOM_DB = 0.5;

/**
 * The delivery recipe on ffmpeg (assistant.md §4): loudness pass 1, subject detection on the proxy, then
 * one encode that cuts, reframes per shot, burns captions, overlays the watermark and normalises loudness
 * (pass 2); finally the file is read back (ffprobe, ebur128, sha256) and compared with the profile.
 */
export class FfmpegDeliveryRenderer implements DeliveryRenderer {
  constructor(private readonly o: FfmpegDeliveryRendererOptions) {}

  async render(input: RenderJobInput, progress: (percent: number, stage: string) => void, signal: AbortSignal): Promise<RenderJobResult> {
    const { profile, workDir: dir } = input;
    const durationMs = input.items.reduce((s, it) => s + (it.outMs - it.inMs), 0);
    const hide = [dir, ...input.items.flatMap((it) => [it.sourcePath, it.detectPath]), ...(input.watermarkPath ? [input.watermarkPath] : [])];
    const canvas = canvasFor(profile);
    const crop = cropFor(profile, canvas);
    const loud = { ...input.loudness, truePeakDbtp: input.loudness.truePeakDbtp - TRUE_PEAK_HEADROOM_DB };

    progress(1, 'loudness');
    const pass1 = await runTool(this.o.ffmpeg, ['-nostdin', '-hide_banner', '-nostats', ...inputArgs(input.items, null), '-filter_complex', measureGraph(input.items, loud), '-map', '[aout]', '-f', 'null', '-'], { signal, hidePaths: hide });
    const measured = parseLoudnorm(pass1.stderr);

    progress(5, 'reframe');
    const samples: SubjectSample[] = [];
    const cuts: number[] = [];
    let offset = 0;
    for (const it of input.items) {
      if (crop.share < 1 && input.reframe === 'auto') {
        for (const s of await this.o.detector.detect(it.detectPath, it.inMs, it.outMs, crop.share, signal, it.cutsMs)) samples.push({ tMs: s.tMs + offset, x: s.x });
      }
      if (offset > 0) cuts.push(offset);
      for (const c of it.cutsMs) if (c > it.inMs && c < it.outMs) cuts.push(offset + c - it.inMs);
      offset += it.outMs - it.inMs;
    }
    const shots = planShots(samples, cuts, durationMs, crop.share, input.reframe);
    await Promise.all(shots.map((s, k) => (s.mode === 'tracked' ? writeFile(join(dir, FILES.cmd(k)), trackCommands(s, k, canvas)) : null)));

    const events = captionEvents(input.captions.words.filter((w) => w.startMs < durationMs));
    const burn = input.captions.burn && events.length > 0;
    if (burn) await writeFile(join(dir, FILES.ass), buildAss(events, profile.width, profile.height, profile.safeZone));
    await writeFile(join(dir, FILES.graph), renderGraph({ items: input.items, profile, fps: input.fps, canvas, shots, burnCaptions: burn, watermark: input.watermarkPath !== null, loudness: loud, measured }));

    progress(10, 'encode');
    const args = ['-nostdin', '-hide_banner', '-nostats', '-y', ...inputArgs(input.items, input.watermarkPath), '-filter_complex_script', FILES.graph,
      ...encodeArgs(profile, durationMs, input.fps), '-progress', 'pipe:1', FILES.video];
    await runTool(this.o.ffmpeg, args, {
      cwd: dir, signal, hidePaths: hide, failCode: 'media.process_failed',
      onProgress: (b) => { if (b.outTimeUs !== null && durationMs > 0) progress(10 + Math.min(80, (b.outTimeUs / 1000 / durationMs) * 80), 'encode'); },
    });

    let srtPath: string | null = null;
    let vttPath: string | null = null;
    if (input.captions.sidecars && events.length) {
      [srtPath, vttPath] = [join(dir, FILES.srt), join(dir, FILES.vtt)];
      await writeFile(srtPath, buildSrt(events));
      await writeFile(vttPath, buildVtt(events));
    }

    progress(92, 'verify');
    const videoPath = join(dir, FILES.video);
    const m = await measure(this.o.ffmpeg, this.o.ffprobe, videoPath, signal);
    const problems: string[] = [];
    if (m.width !== profile.width || m.height !== profile.height) problems.push(`size ${m.width}×${m.height}, profile ${profile.width}×${profile.height}`);
    if (Math.abs(m.fps - input.fps) > 0.01) problems.push(`${m.fps} fps, planned ${input.fps}`);
    if (m.videoCodec !== 'h264' || m.audioCodec !== 'aac') problems.push(`codecs ${m.videoCodec}/${m.audioCodec ?? 'none'}`);
    if (Math.abs(m.durationMs - durationMs) > 1000 / input.fps + 100) problems.push(`duration ${m.durationMs} ms, expected ${durationMs} ms`);
    // A selection with no sound at all (below loudnorm's gate) cannot be brought to a loudness target: it stays silent.
    const silent = Number(measured.input_i) <= -60;
    if (!silent && m.integratedLufs !== null && Math.abs(m.integratedLufs - input.loudness.integratedLufs) > LOUDNESS_TOLERANCE_LU) problems.push(`loudness ${m.integratedLufs} LUFS, target ${input.loudness.integratedLufs}`);
    if (m.truePeakDbtp !== null && m.truePeakDbtp > input.loudness.truePeakDbtp) problems.push(`true peak ${m.truePeakDbtp} dBTP over ${input.loudness.truePeakDbtp}`);
    if (problems.length) throw new AppError('media.process_failed', `The render does not match its profile: ${problems.join('; ')}`, { problems });
    const output: RenderOutput = {
      bytes: m.bytes, sha256: m.sha256, width: m.width, height: m.height, fps: m.fps, videoCodec: m.videoCodec, audioCodec: m.audioCodec,
      durationMs: m.durationMs, integratedLufs: m.integratedLufs, truePeakDbtp: m.truePeakDbtp,
      sidecars: srtPath ? ['srt', 'vtt'] : [],
      reframe: shots.map((s) => ({ startMs: Math.round(s.startMs), endMs: Math.round(s.endMs), mode: s.mode })),
    };
    progress(100, 'verified');
    return { output, videoPath, srtPath, vttPath };
  }
}

/** loudnorm prints its JSON block last on stderr. */
export function parseLoudnorm(stderr: string): LoudnessMeasure {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  try {
    const j = JSON.parse(stderr.slice(start, end + 1)) as Partial<LoudnessMeasure>;
    const keys = ['input_i', 'input_tp', 'input_lra', 'input_thresh', 'target_offset'] as const;
    const out = {} as LoudnessMeasure;
    for (const k of keys) {
      // Silence measures -inf: normalise to a quiet finite value so pass 2 stays linear and silent.
      const v = Number(j[k]);
      out[k] = String(Number.isFinite(v) ? v : k === 'input_i' || k === 'input_thresh' ? -70 : k === 'input_tp' ? -70 : 0);
    }
    return out;
  } catch (err) {
    throw new AppError('media.process_failed', 'Could not read the loudness measurement', undefined, { cause: err });
  }
}
