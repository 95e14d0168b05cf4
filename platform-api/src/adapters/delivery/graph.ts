import type { DeliveryProfile } from '@cutaway/shared';
import type { RenderItemInput } from '../../ports/delivery-renderer';
import { fileUrl } from '../ffmpeg/probe';
import type { ShotPlan } from './track';

/**
 * ffmpeg arguments for a delivery render. Everything in them comes from enums, generated file names and
 * bounded numbers (assistant.md §5 "Execution"): input paths are argv elements resolved from ids, the
 * graph and its command files are written into the render's own scratch folder and named relatively
 * (ffmpeg runs with that folder as cwd), and no caller string reaches a filter.
 */
export const FILES = { graph: 'graph.txt', ass: 'captions.ass', video: 'output.mp4', srt: 'captions.srt', vtt: 'captions.vtt', cmd: (k: number) => `track-${k}.cmd` } as const;

export interface Canvas { width: number; height: number }

/** The 16:9 working canvas every item is fitted to before reframing: at least the output's height. */
export function canvasFor(profile: DeliveryProfile): Canvas {
  const h = Math.max(720, Math.min(1080, profile.height));
  return { width: even((h * 16) / 9), height: h };
}

/** The crop (in canvas pixels) that has the output's aspect; its share of the canvas width. */
export function cropFor(profile: DeliveryProfile, canvas: Canvas): { width: number; height: number; share: number } {
  const width = Math.min(canvas.width, even((canvas.height * profile.width) / profile.height));
  return { width, height: canvas.height, share: width / canvas.width };
}

export const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
const sec = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(Math.round(n * 1000) / 1000);
};

export interface LoudnessMeasure {
  input_i: string; input_tp: string; input_lra: string; input_thresh: string; target_offset: string;
}

/** Inputs: per item the source (seeked), a silent track for items without audio, then the watermark. */
export function inputArgs(items: readonly RenderItemInput[], watermarkPath: string | null): string[] {
  const args: string[] = [];
  for (const it of items) {
    args.push('-ss', sec(it.inMs), '-t', sec(it.outMs - it.inMs), '-i', fileUrl(it.sourcePath));
    if (!it.hasAudio) args.push('-f', 'lavfi', '-t', sec(it.outMs - it.inMs), '-i', 'anullsrc=r=48000:cl=stereo');
  }
  if (watermarkPath) args.push('-i', fileUrl(watermarkPath));
  return args;
}

/** Input index of each item's video and audio, following `inputArgs`. */
function inputIndex(items: readonly RenderItemInput[]): { v: number; a: string }[] {
  let i = 0;
  return items.map((it) => {
    const v = i++;
    const a = it.hasAudio ? `${v}:a:0` : `${i++}:a:0`;
    return { v, a };
  });
}

const audioChain = (items: readonly RenderItemInput[]) => {
  const idx = inputIndex(items);
  const parts = idx.map((x, k) => `[${x.a}]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=PTS-STARTPTS[a${k}]`);
  parts.push(`${idx.map((_, k) => `[a${k}]`).join('')}concat=n=${items.length}:v=0:a=1[acat]`);
  return parts;
};

/** Pass 1 of two-pass loudnorm: measure the joined audio (assistant.md R4). */
export function measureGraph(items: readonly RenderItemInput[], target: { integratedLufs: number; truePeakDbtp: number; lra: number }): string {
  return [...audioChain(items), `[acat]loudnorm=I=${num(target.integratedLufs)}:TP=${num(target.truePeakDbtp)}:LRA=${num(target.lra)}:print_format=json[aout]`].join(';\n');
}

/** sendcmd script: the crop's x (canvas pixels) at each sample time of a tracked shot. */
export function trackCommands(plan: ShotPlan, k: number, canvas: Canvas): string {
  return plan.keys.map((key) => `${sec(key.tMs)} crop@c${k} x ${Math.round(key.left * canvas.width)};`).join('\n') + '\n';
}

export interface GraphOptions {
  items: readonly RenderItemInput[];
  profile: DeliveryProfile;
  fps: number;
  canvas: Canvas;
  shots: readonly ShotPlan[];
  burnCaptions: boolean;
  watermark: boolean;
  loudness: { integratedLufs: number; truePeakDbtp: number; lra: number };
  measured: LoudnessMeasure;
}

/** The render graph: fit each item to the canvas, join, reframe per shot, captions, watermark, loudness. */
export function renderGraph(o: GraphOptions): string {
  const { profile: p, canvas } = o;
  const idx = inputIndex(o.items);
  const crop = cropFor(p, canvas);
  const W = p.width;
  const H = p.height;
  const g: string[] = idx.map((x, k) =>
    `[${x.v}:v:0]scale=${canvas.width}:${canvas.height}:force_original_aspect_ratio=decrease,pad=${canvas.width}:${canvas.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${o.fps},format=yuv420p,setpts=PTS-STARTPTS[v${k}]`);
  g.push(...audioChain(o.items));
  g.push(`${idx.map((_, k) => `[v${k}]`).join('')}concat=n=${o.items.length}:v=1:a=0[vcat]`);

  const shotChain = (s: ShotPlan, k: number, input: string, out: string): string => {
    if (crop.share >= 1) return `${input}scale=${W}:${H}:flags=lanczos,setsar=1${out}`;
    if (s.mode === 'tracked') {
      const x0 = Math.round((s.keys[0]?.left ?? (1 - crop.share) / 2) * canvas.width);
      return `${input}sendcmd=f=${FILES.cmd(k)},crop@c${k}=${crop.width}:${crop.height}:${x0}:0,scale=${W}:${H}:flags=lanczos,setsar=1${out}`;
    }
    if (s.mode === 'center') return `${input}crop=${crop.width}:${crop.height}:(iw-${crop.width})/2:0,scale=${W}:${H}:flags=lanczos,setsar=1${out}`;
    // Blur-fill: the whole frame over a blurred, filled copy of itself (no single subject to follow).
    return `${input}split[bf${k}a][bf${k}b];[bf${k}a]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},boxblur=20:2[bf${k}bg];`
      + `[bf${k}b]scale=${W}:-2[bf${k}fg];[bf${k}bg][bf${k}fg]overlay=(W-w)/2:(H-h)/2,setsar=1${out}`;
  };
  if (o.shots.length <= 1) {
    g.push(shotChain(o.shots[0] ?? { startMs: 0, endMs: 0, mode: 'center', keys: [] }, 0, '[vcat]', '[vr]'));
  } else {
    g.push(`[vcat]split=${o.shots.length}${o.shots.map((_, k) => `[s${k}]`).join('')}`);
    o.shots.forEach((s, k) => g.push(shotChain(s, k, `[s${k}]trim=start=${sec(s.startMs)}:end=${sec(s.endMs)},setpts=PTS-STARTPTS,`, `[r${k}]`)));
    g.push(`${o.shots.map((_, k) => `[r${k}]`).join('')}concat=n=${o.shots.length}:v=1:a=0[vr]`);
  }
  let v = '[vr]';
  if (o.burnCaptions) {
    g.push(`${v}ass=${FILES.ass}[vc]`);
    v = '[vc]';
  }
  if (o.watermark) {
    // Top-right, inside the profile's safe zone; about a sixth of the width (branding, not forensics: R3).
    // format=yuv420 blends in the video's own format: `auto` converted every frame (+0.2 CPU-s per media-s, measured).
    const wmIndex = idx.length + o.items.filter((it) => !it.hasAudio).length;
    const ww = even(W * 0.16);
    const x = Math.round(W * (1 - p.safeZone.right) - ww - W * 0.02);
    const y = Math.round(H * p.safeZone.top + H * 0.01);
    g.push(`[${wmIndex}:v:0]scale=${ww}:-2,format=rgba[wm]`, `${v}[wm]overlay=${x}:${y}:format=yuv420[vw]`);
    v = '[vw]';
  }
  g.push(`${v}format=yuv420p[vout]`);
  const m = o.measured;
  const l = o.loudness;
  g.push(`[acat]loudnorm=I=${num(l.integratedLufs)}:TP=${num(l.truePeakDbtp)}:LRA=${num(l.lra)}:measured_I=${num(+m.input_i)}:measured_TP=${num(+m.input_tp)}`
    + `:measured_LRA=${num(+m.input_lra)}:measured_thresh=${num(+m.input_thresh)}:offset=${num(+m.target_offset)}:linear=true:print_format=json,`
    + `aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[aout]`);
  return `${g.join(';\n')}\n`;
}

/** Encoder settings from the profile (assistant.md R5; YouTube: closed GOP, 2 B-frames, moov first). */
export function encodeArgs(p: DeliveryProfile, durationMs: number, fps: number): string[] {
  // The profile's GOP is for its own rate: keep its duration at the output rate.
  const gop = String(Math.max(1, Math.round((p.gopFrames * fps) / p.fps)));
  return [
    '-map', '[vout]', '-map', '[aout]', '-t', sec(durationMs),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-r', String(fps),
    '-crf', '21', '-maxrate', `${p.maxBitrateKbps}k`, '-bufsize', `${2 * p.maxBitrateKbps}k`,
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-bf', '2', '-flags', '+cgop',
    '-c:a', 'aac', '-b:a', `${p.audioBitrateKbps}k`, '-ar', String(p.audioSampleRate), '-ac', '2',
    '-movflags', '+faststart', '-f', 'mp4',
  ];
}
