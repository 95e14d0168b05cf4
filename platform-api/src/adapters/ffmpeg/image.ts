import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { ImageOutputs } from '../../ports/media-tools';
import { jpegSize } from './jpeg';
import { ffprobeJson, fileUrl } from './probe';
import { videoStreams } from './probe-map';
import { runTool } from './run';
import type { Tools } from './tools';

export const IMAGE_FILES = { thumbnail: 'thumbnail.jpg', preview: 'preview.jpg' } as const;
export const THUMBNAIL_MAX_WIDTH = 320;
export const PREVIEW_MAX_WIDTH = 1600;

/** Pixel formats with an alpha channel (palette PNG/GIF may be transparent too). */
const ALPHA = /^(yuva|gbrap|ya\d|rgba|bgra|argb|abgr|pal8)/;

/** One decode, two JPEGs; never upscales (`min(W,iw)`), keeps the aspect with an even height. */
export async function processImage(tools: Tools, inputPath: string, outDir: string): Promise<ImageOutputs> {
  const input = resolve(inputPath);
  const dir = resolve(outDir);
  const stream = videoStreams(await ffprobeJson(tools.ffprobe, input))[0];
  if (!stream) throw new AppError('media.process_failed', 'The image has no picture stream');
  await mkdir(dir, { recursive: true });
  // JPEG has no alpha and ffmpeg would just drop it (transparent areas turn black): flatten on white like a
  // browser would. (drawbox t=fill on the split picture crashes ffmpeg 5.1, so paint a white canvas of the same size.)
  const alpha = ALPHA.test(stream.pix_fmt ?? '') && stream.width && stream.height;
  const source = alpha ? `color=c=white:s=${stream.width}x${stream.height}[bg];[bg][0:v:0]overlay=shortest=1:format=auto,` : '[0:v:0]';
  const graph =
    `${source}split=2[a][b];` +
    `[a]scale='min(${THUMBNAIL_MAX_WIDTH},iw)':-2[t];[b]scale='min(${PREVIEW_MAX_WIDTH},iw)':-2[p]`;
  const thumb = join(dir, IMAGE_FILES.thumbnail);
  const preview = join(dir, IMAGE_FILES.preview);
  await runTool(tools.ffmpeg, [
    '-nostdin', '-hide_banner', '-v', 'error', '-y', '-i', fileUrl(input), '-filter_complex', graph,
    '-map', '[t]', '-frames:v', '1', '-q:v', '4', '-update', '1', fileUrl(thumb),
    '-map', '[p]', '-frames:v', '1', '-q:v', '3', '-update', '1', fileUrl(preview),
  ], { hidePaths: [input, dir] });
  return {
    thumbnail: { path: thumb, ...(await jpegSize(thumb)) },
    preview: { path: preview, ...(await jpegSize(preview)) },
  };
}
