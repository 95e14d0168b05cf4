/**
 * Ingest benchmark (docs/media-pipeline.md "full ingest in one decode"): a generated
 * 1080p25 H.264 High (CABAC, B-frames) clip at a mezzanine-like 8 Mbit/s, then CPU-seconds per media-second of
 *   (a) FfmpegMediaTools.processVideo — one decode feeding proxy, thumbnails, sprite, scene scan, poster;
 *   (b) the same outputs from five separate ffmpeg processes, each paying its own decode.
 *   CUTAWAY_BENCH_SECONDS=20 npx tsx bench/ingest.bench.ts   (default 60)
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 *
 * CPU of children: Node has no per-child rusage, but Linux accounts every child a process has
 * reaped (waitpid) in that process's own /proc/self/stat cutime + cstime (fields 16, 17, in clock
 * ticks; proc(5)). libuv reaps each ffmpeg before its 'close' event, all threads included, so the
 * difference of that sum around a step is exactly the CPU its processes used, whatever else the
 * machine runs. Steps run one after another, and nothing else is spawned in between.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegMediaTools } from '../src/adapters/ffmpeg/index';
import { generateNewsClip } from '../test/media/generate';

const SECONDS = Number(process.env.CUTAWAY_BENCH_SECONDS ?? 60);
const TARGET = 0.4;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** cutime + cstime of this process, in seconds: CPU of every child reaped so far. */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // comm (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLK_TCK;
}

async function measure(name: string, fn: () => Promise<unknown>): Promise<{ cpuS: number; wallS: number }> {
  const cpu0 = childrenCpuS();
  const t0 = performance.now();
  await fn();
  const result = { cpuS: childrenCpuS() - cpu0, wallS: (performance.now() - t0) / 1000 };
  process.stderr.write(`  ${name}: ${result.cpuS.toFixed(2)} CPU-s, ${result.wallS.toFixed(2)} s wall\n`);
  return result;
}

function ffmpeg(args: string[], cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`ffmpeg ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cutaway-ingest-bench-'));
try {
  process.stderr.write(`generating a ${SECONDS} s 1080p25 clip…\n`);
  const cutsAtS = Array.from({ length: Math.floor((SECONDS - 1) / 7) }, (_, i) => 7 * (i + 1) + 0.44);
  const clip = await generateNewsClip(join(dir, 'source.mp4'), {
    // superfast, not the tests' ultrafast: ultrafast drops CABAC and the deblocking filter and decodes
    // twice as fast as camera/mezzanine H.264 (measured 0.087 vs 0.163 CPU-s per media-s at 1080p 8 Mbit/s),
    // which would hide the very cost a single decode saves. superfast matches docs/media-pipeline.md's 5–7x.
    durationS: SECONDS, width: 1920, height: 1080, fps: 25, cutsAtS, videoBitrate: '8M', preset: 'superfast',
    lowerThirds: [{ text: 'Storm hits the harbour', fromS: 1, toS: Math.min(6, SECONDS - 0.5) }],
    speech: [{ text: 'Good evening. A storm hit the harbour today and the ferries are cancelled.', atS: 0.5 }],
  });
  const media = new FfmpegMediaTools();
  const probe = await media.probe(clip.path);
  const mediaS = (probe.technical.durationMs ?? 0) / 1000;
  const src = clip.path;

  process.stderr.write('one decode (processVideo):\n');
  let found = 0;
  const onePass = await measure('processVideo', async () => {
    const out = await media.processVideo(src, probe, join(dir, 'one-pass'), () => {});
    found = out.shots.length - 1;
  });

  process.stderr.write('separate processes:\n');
  const sep = join(dir, 'separate');
  mkdirSync(sep, { recursive: true });
  const rows = Math.ceil(Math.ceil(mediaS) / 10);
  const steps = {
    proxy: await measure('proxy', () => ffmpeg(['-i', src, '-map', '0:v:0', '-map', '0:a:0', '-vf', 'scale=-2:360,format=yuv420p',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-g', '50', '-keyint_min', '50',
      '-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-movflags', '+faststart', 'proxy.mp4'], sep)),
    keyframeThumbnails: await measure('keyframe thumbnails', () => ffmpeg(['-skip_frame', 'nokey', '-i', src, '-vf', 'scale=160:-2',
      '-fps_mode', 'vfr', '-q:v', '5', 'kf_%05d.jpg'], sep)),
    sprite: await measure('sprite', () => ffmpeg(['-i', src, '-vf', `fps=1:round=up,scale=160:90,tile=10x${rows}`, '-q:v', '5', '-update', '1', 'sprite.jpg'], sep)),
    sceneScan: await measure('scene scan', () => ffmpeg(['-i', src, '-vf', "scale=160:-2,select='gt(scene,0.3)',metadata=print:file=cuts.txt", '-f', 'null', '-'], sep)),
    poster: await measure('poster', () => ffmpeg(['-ss', (mediaS * 0.1).toFixed(3), '-i', src, '-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-q:v', '3', '-update', '1', 'poster.jpg'], sep)),
  };
  const sepCpu = Object.values(steps).reduce((s, x) => s + x.cpuS, 0);
  const sepWall = Object.values(steps).reduce((s, x) => s + x.wallS, 0);

  const perS = (cpu: number) => cpu / mediaS;
  const round = (n: number, d = 3) => Number(n.toFixed(d));
  const lines = [
    `media: ${mediaS} s of 1080p25 H.264 8 Mbit/s + AAC, ${cpus().length} cores, ffmpeg ${(await media.versions()).ffmpeg}`,
    `${'pass'.padEnd(34)}${'CPU-s'.padStart(8)}${'CPU-s/media-s'.padStart(15)}${'wall s'.padStart(9)}`,
    `${'one decode (processVideo)'.padEnd(34)}${onePass.cpuS.toFixed(2).padStart(8)}${perS(onePass.cpuS).toFixed(3).padStart(15)}${onePass.wallS.toFixed(2).padStart(9)}`,
    ...Object.entries(steps).map(([k, v]) => `${`  separate: ${k}`.padEnd(34)}${v.cpuS.toFixed(2).padStart(8)}${perS(v.cpuS).toFixed(3).padStart(15)}${v.wallS.toFixed(2).padStart(9)}`),
    `${'separate processes, total'.padEnd(34)}${sepCpu.toFixed(2).padStart(8)}${perS(sepCpu).toFixed(3).padStart(15)}${sepWall.toFixed(2).padStart(9)}`,
    `one decode / separate = ${(onePass.cpuS / sepCpu).toFixed(2)} (target ≤ ${TARGET} CPU-s per media-s, about half the separate figure)`,
    `shots found ${found} of ${clip.cutsMs.length} cuts`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const summary = {
    bench: 'ingest', mediaSeconds: mediaS, width: 1920, height: 1080, rate: clip.rate, cores: cpus().length,
    onePass: { cpuS: round(onePass.cpuS, 2), cpuPerMediaS: round(perS(onePass.cpuS)), wallS: round(onePass.wallS, 2) },
    separate: {
      cpuS: round(sepCpu, 2), cpuPerMediaS: round(perS(sepCpu)), wallS: round(sepWall, 2),
      steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, { cpuS: round(v.cpuS, 2), cpuPerMediaS: round(perS(v.cpuS)) }])),
    },
    ratio: round(onePass.cpuS / sepCpu),
    target: TARGET, meetsTarget: perS(onePass.cpuS) <= TARGET,
    cutsFound: found, cutsTotal: clip.cutsMs.length,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
