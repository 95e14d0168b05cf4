import { availableParallelism } from 'node:os';
import { AppError } from '@cutaway/shared';
import type { FrameFace, FrameFaceDetector } from '../../ports/delivery-renderer';
import type { Box, FaceAnalyzer, FaceOptions, FaceTrackResult, ObjectDetection, ObjectDetector, SampleOptions, VisionFrame } from '../../ports/vision';
import { FaceTracker, faceSampleTimes, iou, type Track } from '../../rules/face-tracks';
import { analysisSize, cropSquare, encodeJpegs, forEachFrame, type Picture } from './frames';
import { HUMAN_VERSION } from './human-model';
import type { RawFace } from './protocol';
import { findVisionWorkerEntry, VisionWorkerPool } from './worker-pool';

export interface HumanVisionOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Worker threads (each a model copy, ~150 MB); default one per core. */
  threads?: number;
}

/** Finest sampling: 4 frames a second (the dense sampling after shot starts asks for 250 ms steps). */
const MAX_FPS = 4;

const toFraction = (b: [number, number, number, number], p: { width: number; height: number }): Box => [b[0] / p.width, b[1] / p.height, b[2] / p.width, b[3] / p.height];
const round4 = (b: Box): Box => b.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000) as Box;

function normalise(v: number[]): Float32Array {
  const out = Float32Array.from(v);
  const norm = Math.hypot(...out);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** Decoding fps for a sampling plan: the finest spacing asked for, between 1/10 and MAX_FPS. */
function fpsFor(timesMs: readonly number[]): number {
  let gap = Infinity;
  for (let i = 1; i < timesMs.length; i++) gap = Math.min(gap, timesMs[i]! - timesMs[i - 1]!);
  if (!Number.isFinite(gap) || gap <= 0) return 1;
  // Never below 1 fps: a frame index then maps to a time within half a second of the one asked for.
  return Math.min(MAX_FPS, Math.max(1, Math.round((1000 / gap) * 4) / 4));
}

/**
 * Faces and COCO objects with @vladmandic/human on tfjs wasm, in a pool of worker threads
 * (human-model.ts). ffmpeg decodes the proxy to RGB here; the threads only see pixels.
 */
export class HumanVision implements FaceAnalyzer, ObjectDetector, FrameFaceDetector {
  readonly engine = 'human-tfjs-wasm';
  readonly model = `human ${HUMAN_VERSION} (blazeface, faceres, centernet)`;
  readonly #pool: VisionWorkerPool;
  readonly #ffmpeg: string;
  readonly #ffprobe: string;

  constructor(options: HumanVisionOptions = {}) {
    const entry = findVisionWorkerEntry();
    if (!entry) throw new AppError('ai.unavailable', 'The vision worker script is missing from this build');
    this.#pool = new VisionWorkerPool(entry, Math.max(1, options.threads ?? availableParallelism()));
    this.#ffmpeg = options.ffmpegPath ?? 'ffmpeg';
    this.#ffprobe = options.ffprobePath ?? 'ffprobe';
  }

  /** Model load times of the threads started so far (ms). */
  get loadTimes(): readonly number[] {
    return this.#pool.loads;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  /** BlazeFace on one picture, on the same model threads (delivery subject tracking, docs/delivery.md). */
  async facesInFrame(rgb: Uint8Array, width: number, height: number): Promise<FrameFace[]> {
    const r = await this.#pool.run({ rgb, width, height, task: 'faces' });
    return r.faces.map((f) => ({ box: round4(toFraction(f.box, { width, height })), score: f.score }));
  }

  detectObjects(mediaPath: string, options: SampleOptions): Promise<Array<VisionFrame<ObjectDetection>>> {
    return this.#sample(mediaPath, options, 'objects', (r, p) => r.objects.map((o) => ({ label: o.label, score: o.score, box: round4(toFraction(o.box, p)) })));
  }

  /**
   * One decode pass: BlazeFace on each sampled frame, tracking through the shot (rules/face-tracks.ts),
   * and, as each track closes, its best face described (mesh + FaceRes descriptor) and cropped
   * from the picture kept for it. Only the pictures of open tracks' best faces stay in memory.
   */
  async analyzeFaces(mediaPath: string, options: FaceOptions): Promise<{ tracks: FaceTrackResult[]; frames: number }> {
    const size = await analysisSize(this.#ffprobe, mediaPath, options.signal);
    const times = faceSampleTimes(options.durationMs, options.shotStartsMs, options.stepMs ?? 1000);
    const tracker = new FaceTracker(options.shotStartsMs);
    const bestPicture = new Map<number, Picture>();
    const results: Array<Omit<FaceTrackResult, 'thumbnail'> & { crop: Uint8Array }> = [];
    const cuts = [...options.shotStartsMs, options.durationMs].filter((c) => c > 0);
    const close = async (closed: Track[]) => {
      for (const t of closed) {
        const picture = bestPicture.get(t.id);
        bestPicture.delete(t.id);
        if (!picture) continue;
        results.push(await this.#describe(t, picture, options.descriptors, cuts, options.durationMs));
      }
    };
    let seen = 0;
    const frames = await forEachFrame(this.#ffmpeg, mediaPath, size, times, fpsFor(times), async (atMs, picture) => {
      options.signal?.throwIfAborted();
      // The worker takes the pixels (transfer): keep a copy only if a track's best face may be in it.
      const copy = new Uint8Array(picture.rgb);
      const r = await this.#pool.run({ rgb: picture.rgb, width: picture.width, height: picture.height, task: 'faces' });
      const faces = r.faces.map((f) => ({ box: round4(toFraction(f.box, size)), score: f.score }));
      const closed = tracker.push(atMs, faces);
      const kept: Picture = { rgb: copy, ...size };
      for (const t of tracker.openTracks()) if (t.best.atMs === atMs) bestPicture.set(t.id, kept);
      await close(closed);
      options.onProgress?.(Math.min(99, (++seen / times.length) * 100));
    }, options.signal);
    await close(tracker.finish());
    results.sort((a, b) => a.startMs - b.startMs);
    const jpegs = await encodeJpegs(this.#ffmpeg, results.map((r) => r.crop), options.signal);
    return { tracks: results.map(({ crop: _crop, ...r }, i) => ({ ...r, thumbnail: jpegs[i]! })), frames };
  }

  async #describe(t: Track, picture: Picture, descriptors: boolean, cuts: readonly number[], durationMs: number): Promise<Omit<FaceTrackResult, 'thumbnail'> & { crop: Uint8Array }> {
    const px: [number, number, number, number] = [t.best.box[0] * picture.width, t.best.box[1] * picture.height, t.best.box[2] * picture.width, t.best.box[3] * picture.height];
    // Cropped now (the picture is dropped after this); all thumbnails are encoded in one ffmpeg run at the end.
    const crop = cropSquare(picture, px);
    let descriptor: Float32Array | null = null;
    if (descriptors) {
      const r = await this.#pool.run({ rgb: new Uint8Array(picture.rgb), width: picture.width, height: picture.height, task: 'describe' });
      const face = bestMatch(r.faces, t.best.box, picture);
      descriptor = face?.embedding?.length ? normalise(face.embedding) : null;
    }
    // The face was last seen at endMs; it stays until about half a sample later, never past the cut.
    const nextCut = cuts.find((c) => c > t.endMs) ?? durationMs;
    const endMs = Math.max(t.startMs + 1, Math.min(t.endMs + 500, nextCut, durationMs || Infinity));
    return { startMs: t.startMs, endMs, box: t.best.box, atMs: t.best.atMs, quality: t.best.quality, descriptor, crop };
  }

  async #sample<T>(
    mediaPath: string,
    options: SampleOptions,
    task: 'faces' | 'objects',
    map: (r: { faces: RawFace[]; objects: Array<{ label: string; score: number; box: [number, number, number, number] }> }, p: Picture) => T[],
  ): Promise<Array<VisionFrame<T>>> {
    const size = await analysisSize(this.#ffprobe, mediaPath, options.signal);
    const frames: Array<VisionFrame<T>> = [];
    const total = Math.max(1, options.timesMs.length);
    const sparse = options.timesMs.length < 2 || options.timesMs[1]! - options.timesMs[0]! >= 2000;
    await forEachFrame(this.#ffmpeg, mediaPath, size, options.timesMs, fpsFor(options.timesMs), async (atMs, picture) => {
      options.signal?.throwIfAborted();
      const dims = { width: picture.width, height: picture.height, rgb: picture.rgb };
      const r = await this.#pool.run({ rgb: picture.rgb, width: picture.width, height: picture.height, task });
      frames.push({ atMs, items: map(r, dims) });
      options.onProgress?.(Math.min(99, (frames.length / total) * 100));
    }, options.signal, sparse);
    return frames;
  }
}

function bestMatch(faces: RawFace[], box: Box, p: { width: number; height: number }): RawFace | null {
  let best: RawFace | null = null;
  let bestIou = 0.2; // below this the re-detection is another face
  for (const f of faces) {
    const overlap = iou(toFraction(f.box, p), box);
    if (overlap > bestIou) [best, bestIou] = [f, overlap];
  }
  return best;
}
