import { access, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { ProbeResult, ProgressFn, Thumbnail, VideoOutputs } from '../../ports/media-tools';
import { jpegSize } from './jpeg';
import { fileUrl } from './probe';
import { percentReporter } from './progress';
import { runTool } from './run';
import { pickThumbnails, readMetadataLog, toShots } from './shots';
import { FILES, planVideo, SCENE_THRESHOLD, THUMB_MIN_GAP_MS } from './video-graph';
import type { Tools } from './tools';

export async function processVideo(
  tools: Tools, inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal,
): Promise<VideoOutputs> {
  if (!probe.hasVideo) throw new AppError('media.process_failed', 'processVideo needs a video stream', { type: probe.type });
  const input = resolve(inputPath);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const plan = planVideo(fileUrl(input), probe, tools.threads);
  const durationMs = probe.technical.durationMs ?? 0;

  onProgress(0, 'transcode');
  const report = percentReporter(plan.totalFrames, durationMs * 1000, (p) => onProgress(p, 'transcode'));
  await runTool(tools.ffmpeg, plan.args, { cwd: dir, signal, onProgress: report, hidePaths: [input, dir] });

  const cutsMs = (await readMetadataLog(join(dir, FILES.cutsLog))).map((f) => f.ms).filter((ms) => ms > 0 && ms < durationMs);
  const candidates = await readMetadataLog(join(dir, FILES.thumbsLog));
  const keep = new Set(pickThumbnails(candidates, SCENE_THRESHOLD, THUMB_MIN_GAP_MS));
  const thumbnails: Thumbnail[] = [];
  for (const [i, c] of candidates.entries()) {
    // image2 numbers the files 1, 2, … in the order the frames were logged.
    const path = join(dir, FILES.thumbs.replace('%05d', String(i + 1).padStart(5, '0')));
    if (!keep.has(i)) await rm(path, { force: true });
    else if (await exists(path)) thumbnails.push({ atMs: c.ms, path });
  }
  const tiles = (await readMetadataLog(join(dir, FILES.spriteLog))).length;
  const spritePath = join(dir, FILES.sprite);
  const spriteSize = await jpegSize(spritePath);
  const capacity = plan.sprite.columns * plan.sprite.rows;
  const posterPath = join(dir, FILES.poster);
  await Promise.all([FILES.cutsLog, FILES.thumbsLog, FILES.spriteLog].map((f) => rm(join(dir, f), { force: true })));
  onProgress(100, 'done');

  return {
    proxy: join(dir, FILES.proxy),
    thumbnails,
    sprite: {
      path: spritePath, ...plan.sprite,
      count: Math.min(tiles, capacity),
      width: spriteSize.width, height: spriteSize.height,
    },
    shots: toShots(cutsMs, durationMs, thumbnails),
    poster: { path: posterPath, ...(await jpegSize(posterPath)) },
  };
}

const exists = (p: string) => access(p).then(() => true, () => false);
