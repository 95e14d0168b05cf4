import type { AiCallOptions } from './ai';

/** x, y, w, h as fractions of the picture (0–1). */
export type Box = [number, number, number, number];

export interface FaceDetection {
  box: Box;
  /** Detector confidence 0–1. */
  score: number;
}

export interface ObjectDetection {
  /** COCO class name as the model spells it ("person", "boat", "fire hydrant"). */
  label: string;
  score: number;
  box: Box;
}

/** One analysed picture. */
export interface VisionFrame<T> {
  atMs: number;
  items: T[];
}

export interface SampleOptions extends AiCallOptions {
  durationMs: number;
  /** Media times to look at, ascending; the adapter uses the decoded frame nearest each. */
  timesMs: readonly number[];
}

export interface FaceOptions extends AiCallOptions {
  durationMs: number;
  /** Shot starts (ms, ascending): tracks never cross them and sampling is denser after them. */
  shotStartsMs: readonly number[];
  /** Sampling step away from shot starts (default 1000 ms). */
  stepMs?: number;
  /** Compute identity descriptors (grouping on); thumbnails are made either way. */
  descriptors: boolean;
}

/** One face followed through one shot. */
export interface FaceTrackResult {
  startMs: number;
  endMs: number;
  /** The best face's box and time. */
  box: Box;
  atMs: number;
  quality: number;
  /** Unit-length identity descriptor, or null (grouping off, or the face could not be aligned). */
  descriptor: Float32Array | null;
  /** JPEG of the best face with some margin, 160 px square. */
  thumbnail: Uint8Array;
}

/** Faces on the CPU, offline (issue 17). Implementations run the model off the event loop. */
export interface FaceAnalyzer {
  readonly engine: string;
  readonly model: string;
  analyzeFaces(mediaPath: string, options: FaceOptions): Promise<{ tracks: FaceTrackResult[]; frames: number }>;
}

/** COCO object labels on sampled frames. */
export interface ObjectDetector {
  readonly engine: string;
  readonly model: string;
  detectObjects(mediaPath: string, options: SampleOptions): Promise<Array<VisionFrame<ObjectDetection>>>;
}
