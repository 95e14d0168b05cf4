import { spawn } from 'node:child_process';
import { AppError } from '@cutaway/shared';
import { fileUrl } from '../ffmpeg/probe';

/** Frames are analysed at most this wide: the 360p proxy's own width (BlazeFace looks at 128 px, CenterNet at 512). */
export const ANALYSIS_WIDTH = 640;

export interface Picture {
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Runs a tool and returns its stdout bytes; SIGKILL on abort (ffmpeg treats SIGTERM as "finish outputs"). */
function capture(bin: string, args: string[], signal?: AbortSignal, stdin?: Uint8Array): Promise<Buffer> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new AppError('media.tool_missing', `${bin} not found`) : e));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (code !== 0) reject(new AppError('media.process_failed', `${bin} failed: ${err.trim().split('\n').pop() ?? code}`));
      else resolve(Buffer.concat(out));
    });
    if (stdin && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(stdin);
    }
  });
}

/** Analysis size for a picture: at most ANALYSIS_WIDTH wide, even sides (rgb24 rows need no padding). */
export async function analysisSize(ffprobe: string, path: string, signal?: AbortSignal): Promise<{ width: number; height: number }> {
  const out = (await capture(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', fileUrl(path)], signal)).toString().trim();
  const [w, h] = out.split(',').map(Number);
  if (!w || !h) throw new AppError('media.probe_failed', 'No picture to analyse');
  const width = Math.min(ANALYSIS_WIDTH, w) & ~1;
  return { width, height: Math.max(2, Math.round((h * width) / w / 2) * 2) };
}

/**
 * Streams the decoded frames nearest to `timesMs` (ascending) through `onFrame`, one at a time:
 * ffmpeg decodes at `fps` (the finest spacing asked for) and frames nobody asked for are skipped
 * without a copy. Awaiting `onFrame` pauses the pipe, so memory stays at one frame.
 */
export async function forEachFrame(
  ffmpeg: string,
  path: string,
  size: { width: number; height: number },
  timesMs: readonly number[],
  fps: number,
  onFrame: (atMs: number, picture: Picture) => Promise<void>,
  signal?: AbortSignal,
  keyframesOnly = false,
): Promise<number> {
  signal?.throwIfAborted();
  const wanted = new Set(timesMs.map((t) => Math.round((t * fps) / 1000)));
  const frameBytes = size.width * size.height * 3;
  const child = spawn(ffmpeg, [
    // Keyframes only: the proxy has one at least every 2 s (video-graph.ts), enough for sparse sampling at a fraction of the decode.
    '-nostdin', '-hide_banner', '-v', 'error', ...(keyframesOnly ? ['-skip_frame', 'nokey'] : []), '-i', fileUrl(path), '-an', '-sn',
    '-vf', `fps=${fps},scale=${size.width}:${size.height}:flags=bilinear`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new AppError('media.tool_missing', `${ffmpeg} not found`) : e));
    child.on('close', (code) => resolve(code));
  });
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });
  let index = 0;
  let filled = 0;
  let frame: Uint8Array | null = wanted.has(0) ? new Uint8Array(frameBytes) : null;
  let used = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(frameBytes - filled, chunk.length - at);
        if (frame) frame.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < frameBytes) continue;
        if (frame) {
          used++;
          await onFrame(Math.round((index * 1000) / fps), { rgb: frame, ...size });
        }
        index++;
        filled = 0;
        frame = wanted.has(index) ? new Uint8Array(frameBytes) : null;
      }
    }
    const code = await exited;
    signal?.throwIfAborted();
    if (code !== 0) throw new AppError('media.process_failed', `ffmpeg failed: ${stderr.trim().split('\n').pop() ?? code}`);
    return used;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** One frame at `atMs`, at analysis size. */
export async function grabFrame(ffmpeg: string, path: string, size: { width: number; height: number }, atMs: number, signal?: AbortSignal): Promise<Picture> {
  const out = await capture(ffmpeg, [
    '-nostdin', '-hide_banner', '-v', 'error', '-ss', (atMs / 1000).toFixed(3), '-i', fileUrl(path), '-frames:v', '1', '-an',
    '-vf', `scale=${size.width}:${size.height}:flags=bilinear`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ], signal);
  if (out.length < size.width * size.height * 3) throw new AppError('media.process_failed', `No frame at ${atMs} ms`);
  return { rgb: new Uint8Array(out.subarray(0, size.width * size.height * 3)), ...size };
}

/** Side of face thumbnails, px. */
export const THUMB_SIDE = 160;

/** The square around a box (pixels; Human's face boxes already include hair and chin), scaled to THUMB_SIDE² RGB (bilinear), in JavaScript: no process per face. */
export function cropSquare(picture: Picture, box: [number, number, number, number]): Uint8Array {
  const [x, y, w, h] = box;
  const side = Math.max(2, Math.min(picture.width, picture.height, Math.round(Math.max(w, h))));
  const x0 = Math.min(Math.max(0, Math.round(x + w / 2 - side / 2)), picture.width - side);
  const y0 = Math.min(Math.max(0, Math.round(y + h / 2 - side / 2)), picture.height - side);
  const out = new Uint8Array(THUMB_SIDE * THUMB_SIDE * 3);
  const scale = side / THUMB_SIDE;
  for (let ty = 0; ty < THUMB_SIDE; ty++) {
    const sy = Math.min(side - 1.001, (ty + 0.5) * scale - 0.5);
    const yA = Math.max(0, Math.floor(sy));
    const fy = Math.max(0, sy - yA);
    for (let tx = 0; tx < THUMB_SIDE; tx++) {
      const sx = Math.min(side - 1.001, (tx + 0.5) * scale - 0.5);
      const xA = Math.max(0, Math.floor(sx));
      const fx = Math.max(0, sx - xA);
      const i00 = ((y0 + yA) * picture.width + x0 + xA) * 3;
      const i01 = i00 + 3;
      const i10 = i00 + picture.width * 3;
      const i11 = i10 + 3;
      const o = (ty * THUMB_SIDE + tx) * 3;
      for (let c = 0; c < 3; c++) {
        const top = picture.rgb[i00 + c]! * (1 - fx) + picture.rgb[i01 + c]! * fx;
        const bottom = picture.rgb[i10 + c]! * (1 - fx) + picture.rgb[i11 + c]! * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}

/** THUMB_SIDE² RGB crops to JPEGs with one ffmpeg run (an MJPEG stream split at its start-of-image markers). */
export async function encodeJpegs(ffmpeg: string, crops: readonly Uint8Array[], signal?: AbortSignal): Promise<Uint8Array[]> {
  if (crops.length === 0) return [];
  const input = new Uint8Array(crops.length * crops[0]!.length);
  crops.forEach((c, i) => input.set(c, i * c.length));
  const out = await capture(ffmpeg, [
    '-nostdin', '-hide_banner', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${THUMB_SIDE}x${THUMB_SIDE}`, '-i', 'pipe:0',
    '-q:v', '4', '-f', 'mjpeg', 'pipe:1',
  ], signal, input);
  // Each JPEG starts with FFD8 FF; inside entropy-coded data every FF is stuffed (FF00), so the marker is unambiguous.
  const starts: number[] = [];
  for (let i = 0; i + 2 < out.length; i++) if (out[i] === 0xff && out[i + 1] === 0xd8 && out[i + 2] === 0xff) starts.push(i);
  if (starts.length !== crops.length) throw new AppError('media.process_failed', `ffmpeg wrote ${starts.length} thumbnails for ${crops.length} faces`);
  return starts.map((s, i) => new Uint8Array(out.subarray(s, starts[i + 1] ?? out.length)));
}
