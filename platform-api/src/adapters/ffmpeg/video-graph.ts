import type { ProbeResult } from '../../ports/media-tools';
import { framesWithin, msToFrames } from './rate';

/** Output names inside outDir; ffmpeg runs with cwd = outDir so no path is ever escaped into the filtergraph. */
export const FILES = {
  proxy: 'proxy.mp4',
  thumbs: 'thumb_%05d.jpg',
  thumbsLog: 'thumbs.txt',
  cutsLog: 'cuts.txt',
  sprite: 'sprite.jpg',
  spriteLog: 'sprite.txt',
  poster: 'poster.jpg',
} as const;

export const PROXY_HEIGHT = 360;
export const THUMB_WIDTH = 160;
/** select's scene score (0–1); 0.3 hit every hard cut on the exact frame with no false cuts (docs/media-pipeline.md). */
export const SCENE_THRESHOLD = 0.3;
/** A thumbnail at every shot start and every 4 s inside a shot, never two within 1 s. */
export const THUMB_EVERY_S = 4;
export const THUMB_MIN_GAP_MS = 1000;
export const SPRITE = { tileWidth: 160, tileHeight: 90, columns: 10 } as const;
/** 1800 tiles = 30 min at 1 s in a 1600×16200 JPEG (~40 MB as a decoded frame); longer media get a longer interval. */
export const SPRITE_MAX_TILES = 1800;
export const POSTER_MAX_WIDTH = 1280;
export const POSTER_AT = 0.1;

export interface VideoPlan {
  args: string[];
  totalFrames: number | null;
  gop: number;
  sprite: { columns: number; rows: number; intervalMs: number };
  posterAtMs: number;
}

/**
 * ONE decode feeding every output through `split` (docs/media-pipeline.md: 0.3–0.4 CPU-s per
 * media-s instead of 0.6–0.75 for separate jobs). The source is scaled to 360p once; the
 * proxy encodes that, and the small branches (scene scan, thumbnails, sprite) are cut from
 * it again at 160 px, where a scene score costs almost nothing. Only the poster branch sees
 * full resolution, and `select` passes it two frames.
 *
 * ffmpeg prints no `-progress` until every output file has started (fftools print_report waits
 * for nb_output_dumped == nb_output_files), and a tile sheet only exists at EOF: so the sprite and
 * poster first write a placeholder frame that the real one overwrites (`-update 1`).
 */
export function planVideo(inputUrl: string, probe: ProbeResult, threads?: number): VideoPlan {
  const { durationMs, rate } = probe.technical;
  const duration = durationMs ?? 0;
  // x264 caps keyint_min at keyint/2+1, so scene-cut IDRs still appear; only the maximum is fixed.
  const gop = framesWithin(2, rate ?? { num: 25, den: 1 });
  const intervalMs = Math.max(1000, Math.ceil(duration / SPRITE_MAX_TILES / 1000) * 1000);
  // fps round=up emits exactly ceil(duration / interval) frames (measured), so the grid fits in one sheet.
  const tiles = Math.max(1, Math.ceil(duration / intervalMs));
  const rows = Math.ceil(tiles / SPRITE.columns);
  const posterAtMs = Math.floor(duration * POSTER_AT);
  const { tileWidth: tw, tileHeight: th, columns } = SPRITE;
  const posterS = (posterAtMs / 1000).toFixed(3);

  const graph = [
    // Broadcast sources are often 1080i: deinterlace frames flagged interlaced (progressive ones pass through).
    `[0:v:0]yadif=deint=interlaced,split=2[hi][v]`,
    // Frame 0 (the placeholder, see below), then the first frame at ≥ 10 %, then nothing.
    `[hi]select='eq(n,0)+gte(t,${posterS})*lt(prev_selected_t,${posterS})',scale='min(${POSTER_MAX_WIDTH},iw)':-2[poster]`,
    `[v]scale=-2:${PROXY_HEIGHT},split=2[px][v360]`,
    `[px]format=yuv420p[proxy]`,
    `[v360]scale=${THUMB_WIDTH}:-2,split=3[c][t][s]`,
    `[c]select='gt(scene,${SCENE_THRESHOLD})',metadata=print:file=${FILES.cutsLog},nullsink`,
    // Candidates: the first frame, every cut, 4 s after the previous pick (select docs: prev_selected_t);
    // pickThumbnails() then thins them to ≤ 1 a second, keeping the shot starts.
    `[t]select='isnan(prev_selected_t)+gt(scene,${SCENE_THRESHOLD})+gte(t-prev_selected_t,${THUMB_EVERY_S})',` +
      `metadata=print:file=${FILES.thumbsLog}[thumbs]`,
    // trim keeps an understated duration from spilling into a second sheet; metadata=print only
    // prints frames that carry metadata, so each tile is tagged to be counted.
    `[s]fps=1000/${intervalMs}:round=up,scale=${tw}:${th}:force_original_aspect_ratio=decrease,pad=${tw}:${th}:-1:-1,setsar=1,` +
      `trim=end_frame=${columns * rows},metadata=mode=add:key=cutaway.tile:value=1,metadata=mode=print:file=${FILES.spriteLog},` +
      `tile=${columns}x${rows}[sheet]`,
    `color=c=black:s=${columns * tw}x${rows * th}:r=1:d=1,setsar=1[blank]`,
    `[blank][sheet]concat=n=2:v=1:a=0,setpts=N[sprite]`, // concat may give both pts 0: number them
  ].join(';');

  const t = threads ? ['-threads', String(threads)] : [];
  const args = [
    '-nostdin', '-hide_banner', '-v', 'error', '-y', '-nostats', '-progress', 'pipe:1',
    ...t, '-i', inputUrl,
    ...(threads ? ['-filter_complex_threads', String(threads)] : []),
    '-filter_complex', graph,
    // Proxy first: progress's `frame=` counts the first video output.
    '-map', '[proxy]', ...(probe.hasAudio ? ['-map', '0:a:0'] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-g', String(gop), '-keyint_min', String(gop), ...t,
    ...(probe.hasAudio ? ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : []),
    '-movflags', '+faststart', '-f', 'mp4', `file:${FILES.proxy}`,
    // Image outputs must not be CFR: ffmpeg would duplicate frames to fill the gaps.
    '-map', '[thumbs]', '-fps_mode', 'vfr', '-q:v', '5', `file:${FILES.thumbs}`,
    '-map', '[sprite]', '-fps_mode', 'passthrough', '-q:v', '5', '-update', '1', `file:${FILES.sprite}`,
    '-map', '[poster]', '-fps_mode', 'passthrough', '-q:v', '3', '-update', '1', `file:${FILES.poster}`,
  ];
  return { args, totalFrames: rate && durationMs ? msToFrames(durationMs, rate) : null, gop, sprite: { columns, rows, intervalMs }, posterAtMs };
}
