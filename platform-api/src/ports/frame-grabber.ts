import type { Rate } from '@cutaway/shared';

export interface FrameGrabRequest {
  /** 0-based frame index; with `rate` null (a still) only 0 exists. */
  frame: number;
  rate: Rate | null;
  /** Scale to this width (never upscaled); null = source resolution. */
  width: number | null;
  format: 'png' | 'jpeg';
}

/** One exact frame of a picture file, written to `outPath`. ffmpeg implements it in adapters/ffmpeg/frame.ts. */
export interface FrameGrabber {
  grab(inputPath: string, request: FrameGrabRequest, outPath: string): Promise<{ width: number; height: number }>;
}
