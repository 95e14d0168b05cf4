/**
 * Frame-grab benchmark (issue 12): a generated 1080p25 H.264 clip (GOP 2 s, like the proxies and most
 * mezzanines), then per exact frame at source resolution (PNG):
 *   (a) baseline: decode from the start and keep frame n (`select=eq(n\,N)`), the obvious exact method;
 *   (b) FfmpegFrameGrabber: accurate input seek to the keyframe before, decode at most one GOP;
 *   (c) FrameService on a cache hit: the same request again, answered from storage without ffmpeg.
 * All three must give byte-identical pictures for (a) and (b) (checked). CPU of the ffmpeg children from
 * /proc/self/stat cutime+cstime (proc(5)), as in ingest.bench.ts.
 *   CUTAWAY_BENCH_SECONDS=30 npx tsx bench/frames.bench.ts   (default 60)
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset } from '@cutaway/shared';
import { FfmpegFrameGrabber } from '../src/adapters/ffmpeg/index';
import { LocalFsObjectStorage } from '../src/adapters/local-fs/local-fs-object-storage';
import { LocalScratchSpace } from '../src/adapters/local-fs/scratch-space';
import { FrameService } from '../src/services/frame-service';
import { originalKey } from '../src/services/storage-keys';
import { generateNewsClip } from '../test/media/generate';

const SECONDS = Number(process.env.CUTAWAY_BENCH_SECONDS ?? 60);
const FRAMES = 6;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLK_TCK;
}

async function measure<T>(fn: () => Promise<T> | T): Promise<{ cpuS: number; wallS: number; value: T }> {
  const cpu0 = childrenCpuS();
  const t0 = performance.now();
  const value = await fn();
  return { cpuS: childrenCpuS() - cpu0, wallS: (performance.now() - t0) / 1000, value };
}

const dir = mkdtempSync(join(tmpdir(), 'cutaway-frames-bench-'));
try {
  process.stderr.write(`generating a ${SECONDS} s 1080p25 clip…\n`);
  const clip = await generateNewsClip(join(dir, 'source.mp4'), { durationS: SECONDS, width: 1920, height: 1080, fps: 25, cutsAtS: [SECONDS / 3, (2 * SECONDS) / 3] });
  const rate = { num: 25, den: 1 };
  const total = clip.frames;
  // Spread over the clip, none on a keyframe (GOP 50 in the generator's x264 default is 250; any n works).
  const frames = Array.from({ length: FRAMES }, (_, i) => Math.min(total - 1, Math.floor(((i + 0.5) * total) / FRAMES) + 17));

  const storage = new LocalFsObjectStorage(join(dir, 'media'));
  await storage.putFile(originalKey('benchasset01'), clip.path, { move: false });
  const grabber = new FfmpegFrameGrabber({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  const service = new FrameService({ storage, frames: grabber, scratch: new LocalScratchSpace(join(dir, 'scratch')) });
  const asset = {
    id: 'benchasset01', type: 'video', status: 'ready', storageTier: 'online', restore: { state: 'none' }, fileName: 'source.mp4',
    technical: { rate, dropFrame: false, durationMs: clip.durationMs, width: 1920, height: 1080 },
  } as unknown as Asset;

  const rows: Array<{ frame: number; baselineS: number; baselineCpuS: number; seekS: number; seekCpuS: number; cachedS: number }> = [];
  for (const n of frames) {
    const base = await measure(() => {
      execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip.path, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-fps_mode', 'passthrough', '-c:v', 'png', '-pix_fmt', 'rgb24', join(dir, `base-${n}.png`)]);
    });
    const ms = Math.ceil((n * 1000 * rate.den) / rate.num);
    const seek = await measure(() => service.grab(asset, { ms, format: 'png' }));
    const cached = await measure(() => service.grab(asset, { ms, format: 'png' }));
    const same = readFileSync(join(dir, `base-${n}.png`)).equals(readFileSync(join(dir, 'media', seek.value.key)));
    if (!same) throw new Error(`frame ${n}: the seek grab differs from the decode-from-start grab`);
    rows.push({ frame: n, baselineS: base.wallS, baselineCpuS: base.cpuS, seekS: seek.wallS, seekCpuS: seek.cpuS, cachedS: cached.wallS });
    process.stderr.write(`  frame ${n}: baseline ${base.wallS.toFixed(2)} s, seek ${seek.wallS.toFixed(2)} s, cached ${(cached.wallS * 1000).toFixed(1)} ms\n`);
  }
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((a, r) => a + r[k], 0);
  const mean = (k: keyof (typeof rows)[number]) => sum(k) / rows.length;
  console.log(`frame grabs, ${SECONDS} s 1080p25, ${FRAMES} frames (identical pictures checked)`);
  console.log('frame    baseline s  baseline CPU-s  seek s  seek CPU-s  cached ms');
  for (const r of rows) console.log(`${String(r.frame).padEnd(8)} ${r.baselineS.toFixed(2).padStart(10)} ${r.baselineCpuS.toFixed(2).padStart(15)} ${r.seekS.toFixed(2).padStart(7)} ${r.seekCpuS.toFixed(2).padStart(11)} ${(r.cachedS * 1000).toFixed(1).padStart(10)}`);
  const summary = {
    bench: 'frames',
    mediaSeconds: SECONDS,
    frames: FRAMES,
    meanBaselineS: +mean('baselineS').toFixed(3),
    meanSeekS: +mean('seekS').toFixed(3),
    meanCachedMs: +(mean('cachedS') * 1000).toFixed(2),
    meanBaselineCpuS: +mean('baselineCpuS').toFixed(3),
    meanSeekCpuS: +mean('seekCpuS').toFixed(3),
    speedupWall: +(sum('baselineS') / sum('seekS')).toFixed(2),
    speedupCpu: +(sum('baselineCpuS') / Math.max(1e-6, sum('seekCpuS'))).toFixed(2),
  };
  console.log(JSON.stringify(summary));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
