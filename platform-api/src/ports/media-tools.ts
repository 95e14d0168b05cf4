import type { AssetType, Technical } from '@cutaway/shared';

export interface ProbeResult {
  type: AssetType;
  technical: Technical;
  hasVideo: boolean;
  hasAudio: boolean;
}

export type ProgressFn = (percent: number, stage: string) => void;

export interface Thumbnail {
  atMs: number;
  path: string;
}

export interface VideoOutputs {
  /** 360p H.264/AAC MP4, faststart, GOP ≤ 2 s. */
  proxy: string;
  /** Keyframe thumbnails (one per keyframe, or at most one per second), 160 px wide JPEG. */
  thumbnails: Thumbnail[];
  sprite: { path: string; columns: number; rows: number; intervalMs: number; count: number; width: number; height: number };
  /** Shots derived from the scene cuts: [0, cut1), [cut1, cut2) … [cutN, duration). */
  shots: Array<{ startMs: number; endMs: number; keyframeMs: number }>;
  poster: { path: string; width: number; height: number };
}

export interface AudioOutputs {
  /** AAC in MP4 for preview. */
  proxy: string;
}

export interface ImageOutputs {
  thumbnail: { path: string; width: number; height: number };
  preview: { path: string; width: number; height: number };
}

export interface CutResult {
  path: string;
  /** The real in and out of the file (widened outwards to keyframes), in ms of the source. */
  actualInMs: number;
  actualOutMs: number;
}

/** ffmpeg/ffprobe as a port; adapters/ffmpeg implements it with real processes. */
export interface MediaTools {
  /** Versions of the tools, null where missing. */
  versions(): Promise<Record<string, string | null>>;
  /** Throws AppError `media.probe_failed` with ffprobe's own reason for non-media or truncated files. */
  probe(inputPath: string): Promise<ProbeResult>;
  /** ONE decode producing proxy, thumbnails, sprite, shot cuts and poster into `outDir`. */
  processVideo(inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal): Promise<VideoOutputs>;
  processAudio(inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal): Promise<AudioOutputs>;
  processImage(inputPath: string, outDir: string): Promise<ImageOutputs>;
  /** Stream-copies [inMs, outMs) widened outwards to keyframes into `outPath`. */
  cutRange(inputPath: string, inMs: number, outMs: number, outPath: string): Promise<CutResult>;
}
