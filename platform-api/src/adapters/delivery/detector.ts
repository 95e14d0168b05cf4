import { spawn } from 'node:child_process';
import { AppError } from '@cutaway/shared';
import { fileUrl } from '../ffmpeg/probe';
import type { SubjectDetector, SubjectSample } from '../../ports/delivery-renderer';

/** Analysis size and rate: 160×90 grey at 5 fps is enough to place a 9:16 crop (assistant.md R1 samples at 5 fps). */
export const DETECT_W = 160;
export const DETECT_H = 90;
export const DETECT_FPS = 5;
const FRAME = DETECT_W * DETECT_H;
/** Per-pixel temporal median over ±this many samples is the background a moving subject stands out from. */
const WINDOW = 12;
const DIFF = 40;
const MIN_AREA = 0.002;
const MAX_AREA = 0.35;
/** One subject: this share of the foreground falls inside one crop-wide window. */
const CONCENTRATION = 0.75;

/**
 * A deliberately simple offline subject finder: the foreground is what differs from the local background
 * (a per-pixel temporal median; a still subject falls back to what differs from the frame's own median),
 * and a subject is "single" when most of that foreground fits in one crop-wide band. It follows a moving
 * presenter, vehicle or graphic and reports "no single subject" for busy or multi-subject frames, where
 * the renderer uses blur-fill. A face detector (models.md: @vladmandic/human) can replace it behind the
 * same port.
 */
export class SaliencySubjectDetector implements SubjectDetector {
  constructor(private readonly ffmpeg: string) {}

  async detect(path: string, inMs: number, outMs: number, cropShare: number, signal: AbortSignal): Promise<SubjectSample[]> {
    const frames = await this.frames(path, inMs, outMs, signal);
    return locate(frames, cropShare).map((x, i) => ({ tMs: Math.round((i * 1000) / DETECT_FPS), x }));
  }

  private frames(path: string, inMs: number, outMs: number, signal: AbortSignal): Promise<Uint8Array[]> {
    const args = ['-nostdin', '-v', 'error', '-ss', (inMs / 1000).toFixed(3), '-t', ((outMs - inMs) / 1000).toFixed(3), '-i', fileUrl(path),
      '-an', '-vf', `fps=${DETECT_FPS},scale=${DETECT_W}:${DETECT_H},format=gray`, '-f', 'rawvideo', 'pipe:1'];
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
      const chunks: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-4000)));
      child.on('error', (e) => reject(e));
      child.on('close', (code) => {
        if (code !== 0) return reject(new AppError('media.process_failed', `Subject detection failed: ${err.trim().split('\n').pop() ?? code}`));
        const all = Buffer.concat(chunks);
        const out: Uint8Array[] = [];
        for (let o = 0; o + FRAME <= all.length; o += FRAME) out.push(all.subarray(o, o + FRAME));
        resolve(out);
      });
    });
  }
}

/** The subject's horizontal centre (share of the width) per frame, or null when there is no single subject. */
export function locate(frames: readonly Uint8Array[], cropShare: number): (number | null)[] {
  const band = Math.max(1, Math.round(cropShare * DETECT_W));
  const tmp = new Uint8Array(2 * WINDOW + 1);
  return frames.map((f, k) => {
    const lo = Math.max(0, k - WINDOW);
    const hi = Math.min(frames.length - 1, k + WINDOW);
    // Every other sample in the window: half the work, the same median for anything that moves.
    const n = Math.floor((hi - lo) / 2) + 1;
    const cols = new Float64Array(DETECT_W);
    let area = 0;
    if (n >= 4) {
      for (let p = 0; p < FRAME; p++) {
        const med = windowMedian(frames, lo, n, p, tmp);
        if (Math.abs(f[p]! - med) > DIFF) {
          cols[p % DETECT_W]! += 1;
          area++;
        }
      }
    }
    if (area < MIN_AREA * FRAME) {
      // A still subject: what stands out from the frame's own median.
      cols.fill(0);
      area = 0;
      const med = median(f, FRAME);
      for (let p = 0; p < FRAME; p++) {
        if (Math.abs(f[p]! - med) > DIFF * 1.5) {
          cols[p % DETECT_W]! += 1;
          area++;
        }
      }
    }
    if (area < MIN_AREA * FRAME || area > MAX_AREA * FRAME) return null;
    let best = 0;
    let bestAt = 0;
    let run = 0;
    for (let c = 0; c < DETECT_W; c++) {
      run += cols[c]! - (c >= band ? cols[c - band]! : 0);
      if (run > best) [best, bestAt] = [run, c - band + 1];
    }
    if (best < CONCENTRATION * area) return null;
    let m = 0;
    let sx = 0;
    for (let c = Math.max(0, bestAt); c < Math.min(DETECT_W, bestAt + band); c++) {
      m += cols[c]!;
      sx += cols[c]! * (c + 0.5);
    }
    return m > 0 ? sx / m / DETECT_W : null;
  });
}

/** Insertion sort into a reused buffer: n ≤ 13, called per pixel, so no allocation. */
function windowMedian(frames: readonly Uint8Array[], lo: number, n: number, p: number, tmp: Uint8Array): number {
  for (let j = 0; j < n; j++) {
    const v = frames[lo + 2 * j]![p]!;
    let i = j;
    while (i > 0 && tmp[i - 1]! > v) {
      tmp[i] = tmp[i - 1]!;
      i--;
    }
    tmp[i] = v;
  }
  return tmp[n >> 1]!;
}

function median(values: Uint8Array, n: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i++) hist[values[i]!]!++;
  let acc = 0;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]!) > n >> 1) return v;
  return 0;
}
