import { resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { FrameGrabber, FrameGrabRequest } from '../../ports/frame-grabber';
import { ffprobeJson, fileUrl } from './probe';
import { videoStreams } from './probe-map';
import { runTool } from './run';
import type { Tools } from './tools';

/**
 * The seek target for frame n: a quarter frame before its start, (4n − 1)·den / (4·num) s.
 * With -ss before -i ffmpeg seeks to the keyframe before, decodes, and drops every frame whose
 * time is before the target (ffmpeg docs, "-ss position" as an input option; accurate_seek is on
 * by default). Frame n−1 starts a whole frame before n, so it is dropped and n is the first kept;
 * the quarter frame absorbs timestamp rounding in the container (29.97's 33.366… ms frames).
 */
export function seekSeconds(frame: number, rate: { num: number; den: number }): string {
  if (frame === 0) return '0';
  return ((4 * frame - 1) * rate.den / (4 * rate.num)).toFixed(6);
}

/** Exact frames by accurate input seeking: one decode from the keyframe before, one output picture. */
export class FfmpegFrameGrabber implements FrameGrabber {
  constructor(private readonly tools: Tools) {}

  async grab(inputPath: string, req: FrameGrabRequest, outPath: string): Promise<{ width: number; height: number }> {
    const input = resolve(inputPath);
    const out = resolve(outPath);
    const seek = req.rate ? ['-ss', seekSeconds(req.frame, req.rate)] : [];
    // Never upscale: min(W, iw); -2 keeps the aspect with an even height (yuv420 JPEG needs it).
    const filters = req.width ? [`scale='min(${req.width},iw)':-2`] : [];
    const codec = req.format === 'png' ? ['-c:v', 'png', '-pix_fmt', 'rgb24'] : ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj444p'];
    await runTool(this.tools.ffmpeg, [
      '-nostdin', '-hide_banner', '-v', 'error', '-y', ...seek, '-i', fileUrl(input),
      '-map', '0:v:0', ...(filters.length ? ['-vf', filters.join(',')] : []),
      '-frames:v', '1', ...codec, '-f', 'image2', '-update', '1', fileUrl(out),
    ], { hidePaths: [input, out] });
    const stream = videoStreams(await ffprobeJson(this.tools.ffprobe, out).catch(() => ({})))[0];
    // ffmpeg exits 0 without writing anything when the seek lands past the last frame.
    if (!stream?.width || !stream.height) throw new AppError('frame.out_of_range', `No frame ${req.frame} in this media`, { frame: req.frame });
    return { width: stream.width, height: stream.height };
  }
}
