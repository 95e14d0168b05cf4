import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '@cutaway/shared';
import { fileUrl } from '../ffmpeg/probe';
import type { FrameFace, FrameFaceDetector, SubjectDetector, SubjectSample } from '../../ports/delivery-renderer';
import { DETECT_FPS } from './detector';

/** Analysis width, as the faces step (vision-human/frames.ts): BlazeFace finds faces down to about 1/20 of it. */
const ANALYSIS_WIDTH = 640;

/** A second face at least this share of the largest one's area (times confidence) is a second subject. */
const COMPARABLE = 0.5;
/** A shot is followed by its faces when at least this share of its samples shows one; else saliency decides. */
const FACE_SHOT_SHARE = 0.5;

export interface FaceSubjectDetectorOptions {
  ffmpeg: string;
  ffprobe: string;
  faces: FrameFaceDetector;
  /** Used for shots without faces (graphics, vehicles, wide shots): the motion/saliency detector. */
  fallback: SubjectDetector;
}

/**
 * The subject is the face (issue 16 "subject tracking per shot (offline face … detection on the proxy)"):
 * BlazeFace on the vision step's model threads (issue 17, docs/faces-objects.md), at the renderer's sample
 * rate. The largest, most confident face is the subject; two comparable faces that do not fit in one crop
 * are "no single subject" (blur-fill). Shots where faces are rare fall back to the saliency detector.
 * Smoothing and the reset at cuts stay in track.ts, the same for both detectors.
 */
export class FaceSubjectDetector implements SubjectDetector {
  constructor(private readonly o: FaceSubjectDetectorOptions) {}

  async detect(path: string, inMs: number, outMs: number, cropShare: number, signal: AbortSignal, cutsMs: readonly number[] = []): Promise<SubjectSample[]> {
    const perFrame: FrameFace[][] = [];
    await this.#frames(path, inMs, outMs, signal, async (rgb, width, height) => {
      perFrame.push(await this.o.faces.facesInFrame(rgb, width, height));
    });
    const samples: SubjectSample[] = perFrame.map((faces, i) => ({ tMs: Math.round((i * 1000) / DETECT_FPS), x: subjectX(faces, cropShare) }));
    const bounds = [0, ...cutsMs.filter((c) => c > inMs && c < outMs).map((c) => c - inMs).sort((a, b) => a - b), outMs - inMs];
    let saliency: SubjectSample[] | null = null;
    for (let b = 0; b + 1 < bounds.length; b++) {
      const idx = samples.flatMap((s, i) => (s.tMs >= bounds[b]! && s.tMs < bounds[b + 1]! ? [i] : []));
      const withFaces = idx.filter((i) => perFrame[i]!.length > 0).length;
      if (idx.length === 0 || withFaces >= FACE_SHOT_SHARE * idx.length) continue;
      saliency ??= await this.o.fallback.detect(path, inMs, outMs, cropShare, signal, cutsMs);
      for (const i of idx) samples[i] = { tMs: samples[i]!.tMs, x: saliency.find((s) => s.tMs === samples[i]!.tMs)?.x ?? null };
    }
    return samples;
  }

  async #size(path: string, signal: AbortSignal): Promise<{ width: number; height: number }> {
    const { stdout } = await promisify(execFile)(this.o.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', fileUrl(path)], { signal });
    const [w, h] = stdout.trim().split(',').map(Number);
    if (!w || !h) throw new AppError('media.probe_failed', 'No picture to find faces in');
    const width = Math.min(ANALYSIS_WIDTH, w) & ~1;
    return { width, height: Math.max(2, Math.round((h * width) / w / 2) * 2) };
  }

  /** The range decoded at the sample rate, one RGB picture at a time (awaiting pauses the pipe). */
  async #frames(path: string, inMs: number, outMs: number, signal: AbortSignal, onFrame: (rgb: Uint8Array, w: number, h: number) => Promise<void>): Promise<void> {
    const { width, height } = await this.#size(path, signal);
    const bytes = width * height * 3;
    const child = spawn(this.o.ffmpeg, ['-nostdin', '-v', 'error', '-ss', (inMs / 1000).toFixed(3), '-t', ((outMs - inMs) / 1000).toFixed(3), '-i', fileUrl(path),
      '-an', '-sn', '-vf', `fps=${DETECT_FPS},scale=${width}:${height}:flags=bilinear`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let err = '';
    child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-4000)));
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    let frame = new Uint8Array(bytes);
    let filled = 0;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length;) {
        const take = Math.min(bytes - filled, chunk.length - at);
        frame.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < bytes) continue;
        // The model thread takes the buffer (transfer): a fresh one for the next picture.
        await onFrame(frame, width, height);
        frame = new Uint8Array(bytes);
        filled = 0;
      }
    }
    const code = await exited;
    if (code !== 0) throw new AppError('media.process_failed', `Face subject detection failed: ${err.trim().split('\n').pop() ?? code}`);
  }
}

/** The subject's horizontal centre in one picture, null for no face or several comparable faces wider than the crop. */
export function subjectX(faces: readonly FrameFace[], cropShare: number): number | null {
  if (faces.length === 0) return null;
  const weight = (f: FrameFace) => f.box[2] * f.box[3] * f.score;
  const sorted = [...faces].sort((a, b) => weight(b) - weight(a));
  const main = sorted[0]!;
  const group = sorted.filter((f) => weight(f) >= COMPARABLE * weight(main));
  const left = Math.min(...group.map((f) => f.box[0]));
  const right = Math.max(...group.map((f) => f.box[0] + f.box[2]));
  // Two people who fit side by side in the crop are framed together; farther apart, none is "the" subject.
  if (group.length > 1 && right - left > cropShare) return null;
  return (left + right) / 2;
}
