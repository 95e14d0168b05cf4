import type { AudioOutputs, CutResult, ImageOutputs, MediaTools, ProbeResult, ProgressFn, VideoOutputs } from '../../ports/media-tools';
import { processAudio } from './audio';
import { cutRange } from './cut';
import { processImage } from './image';
import { probe } from './probe';
import type { Tools } from './tools';
import { versions } from './versions';
import { processVideo } from './video';

export interface FfmpegMediaToolsOptions {
  /** Default `ffmpeg` (looked up on PATH). */
  ffmpegPath?: string;
  /** Default `ffprobe`. */
  ffprobePath?: string;
  /** Threads per ffmpeg process; default lets ffmpeg use every core. */
  threads?: number;
}

/** The MediaTools port on real ffmpeg/ffprobe processes (Debian's ffmpeg 5.1; see docs/media-pipeline.md). */
export class FfmpegMediaTools implements MediaTools {
  private readonly tools: Tools;

  constructor(options: FfmpegMediaToolsOptions = {}) {
    this.tools = { ffmpeg: options.ffmpegPath ?? 'ffmpeg', ffprobe: options.ffprobePath ?? 'ffprobe', threads: options.threads };
  }

  versions(): Promise<Record<string, string | null>> {
    return versions(this.tools);
  }

  probe(inputPath: string): Promise<ProbeResult> {
    return probe(this.tools.ffprobe, inputPath);
  }

  processVideo(inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal): Promise<VideoOutputs> {
    return processVideo(this.tools, inputPath, probe, outDir, onProgress, signal);
  }

  processAudio(inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal): Promise<AudioOutputs> {
    return processAudio(this.tools, inputPath, probe, outDir, onProgress, signal);
  }

  processImage(inputPath: string, outDir: string): Promise<ImageOutputs> {
    return processImage(this.tools, inputPath, outDir);
  }

  cutRange(inputPath: string, inMs: number, outMs: number, outPath: string): Promise<CutResult> {
    return cutRange(this.tools, inputPath, inMs, outMs, outPath);
  }
}
