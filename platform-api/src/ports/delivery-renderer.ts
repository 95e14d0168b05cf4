import type { DeliveryProfile, RenderOutput } from '@cutaway/shared';

/** One word on the output timeline (ms from the start of the render). */
export interface CaptionWord {
  text: string;
  startMs: number;
  endMs: number;
}

/** One piece of a selection, resolved to local files by the service (from generated storage keys). */
export interface RenderItemInput {
  /** The original, or the proxy when the original is archived. */
  sourcePath: string;
  /** Where the subject detector looks (the 640×360 proxy; the source when there is none). */
  detectPath: string;
  inMs: number;
  outMs: number;
  hasAudio: boolean;
  /** Shot cuts inside (inMs, outMs), in asset time: tracking resets at each. */
  cutsMs: number[];
}

export interface RenderJobInput {
  items: RenderItemInput[];
  profile: DeliveryProfile;
  /** Output frame rate (the plan's: the source's when the profile allows it). */
  fps: number;
  reframe: 'auto' | 'center' | 'blurfill';
  captions: { burn: boolean; sidecars: boolean; words: CaptionWord[] };
  /** An operator-configured PNG (from the watermark allowlist), never a caller's path. */
  watermarkPath: string | null;
  loudness: { integratedLufs: number; truePeakDbtp: number; lra: number };
  /** An empty scratch folder the renderer owns for the duration of the call. */
  workDir: string;
}

export interface RenderJobResult {
  /** Verified: ffprobe spec, ebur128 loudness and sha256 read back from the file. */
  output: RenderOutput;
  videoPath: string;
  srtPath: string | null;
  vttPath: string | null;
}

/** Cuts, reframes, captions, watermarks, normalises and encodes; verifies before resolving. */
export interface DeliveryRenderer {
  render(input: RenderJobInput, progress: (percent: number, stage: string) => void, signal: AbortSignal): Promise<RenderJobResult>;
}

/** Horizontal subject position per sample, in [0, 1] of the frame width; null when there is no single subject. */
export interface SubjectSample {
  tMs: number;
  x: number | null;
}

/** Finds the subject in frames of a clip range (offline, on the proxy). */
export interface SubjectDetector {
  /** `cropShare`: the crop's share of the frame width (a subject is "single" when it fits in one). */
  detect(path: string, inMs: number, outMs: number, cropShare: number, signal: AbortSignal, cutsMs?: readonly number[]): Promise<SubjectSample[]>;
}

/** A face found in one picture: box as shares of the picture (x, y, w, h), detector confidence 0–1. */
export interface FrameFace {
  box: [number, number, number, number];
  score: number;
}

/** Face detection on single decoded pictures (the vision step's model pool, issue 17), for subject tracking. */
export interface FrameFaceDetector {
  facesInFrame(rgb: Uint8Array, width: number, height: number): Promise<FrameFace[]>;
}
