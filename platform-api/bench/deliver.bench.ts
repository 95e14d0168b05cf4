/**
 * Delivery benchmark (issue 16; docs/delivery.md "Cost"): CPU-seconds per media-second of each delivery recipe on a
 * generated 1080p25 clip (a still testsrc2 set with temporal noise, a moving white subject and espeak-ng speech), against a plain 1080p transcode with the same encoder settings run in the same process.
 *   CUTAWAY_BENCH_SECONDS=8 npx tsx bench/deliver.bench.ts   (default 30)
 * Every recipe is the real renderer (detection on a 640×360 proxy, as the service does): loudness pass 1, subject detection (auto), one encode, then the ffprobe +
 * ebur128 + sha256 verification. CPU = this process (the detector's analysis runs in Node) + every ffmpeg child,
 * read from /proc/self/stat cutime + cstime (children are reaped before their 'close' event; see ingest.bench.ts).
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeliveryProfile } from '@cutaway/shared';
import { SaliencySubjectDetector } from '../src/adapters/delivery/detector';
import { FaceSubjectDetector } from '../src/adapters/delivery/face-detector';
import { HumanVision } from '../src/adapters/vision-human/human-vision';
import { encodeArgs } from '../src/adapters/delivery/graph';
import { FfmpegDeliveryRenderer } from '../src/adapters/delivery/renderer';
import type { CaptionWord, RenderJobInput } from '../src/ports/delivery-renderer';
import { getProfile, outputFps } from '../src/services/delivery/profiles';

const exec = promisify(execFile);
const SECONDS = Number(process.env.CUTAWAY_BENCH_SECONDS ?? 30);
const REFERENCE = { low: 0.8, high: 1.0 };
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function cpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const self = process.cpuUsage();
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / CLK_TCK + (self.user + self.system) / 1e6;
}

async function measure<T>(name: string, fn: () => Promise<T>): Promise<{ cpuS: number; wallS: number; result: T }> {
  const c0 = cpuS();
  const t0 = performance.now();
  const result = await fn();
  const out = { cpuS: cpuS() - c0, wallS: (performance.now() - t0) / 1000, result };
  process.stderr.write(`  ${name}: ${out.cpuS.toFixed(2)} CPU-s, ${out.wallS.toFixed(2)} s wall\n`);
  return out;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const dir = mkdtempSync(join(tmpdir(), 'cutaway-bench-deliver-'));
try {
  process.stderr.write(`generating ${SECONDS} s of 1080p25 …\n`);
  const speech = join(dir, 'speech.wav');
  await exec('espeak-ng', ['-w', speech, 'Storm hits the harbour tonight as waves rise over the sea wall and crews close the coast road. '.repeat(Math.ceil(SECONDS / 6))]);
  const src = join(dir, 'source.mp4');
  // A detailed still set (a testsrc2 frame) with sensor-like temporal noise, and a presenter-sized subject crossing it:
  // the noise keeps the encoder busy like camera footage, and a steady set is what the detector is made for.
  // The subject sways across the set (±700 px, period 9 s) whatever the length: a crawling subject on a busy
  // set is not found (the detector's documented limit) and the recipe would measure blur-fill instead.
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=1920x1080:r=25:d=${SECONDS}`, '-f', 'lavfi', '-i', `color=c=white:s=180x300:r=25:d=${SECONDS}`, '-i', speech,
    '-filter_complex', `[0:v]trim=end_frame=1,loop=loop=-1:size=1,setpts=N/25/TB,noise=alls=6:allf=t[bg];[bg][1:v]overlay=x='870+700*sin(t*0.7)':y=200:shortest=1[v];[2:a]apad=whole_dur=${SECONDS}[a]`,
    '-map', '[v]', '-map', '[a]', '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '8M', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', src]);
  // Detection runs on the 640×360 proxy, as in the service (ingest made it; its cost is ingest's, not the render's).
  const proxy = join(dir, 'proxy.mp4');
  await exec('ffmpeg', ['-v', 'error', '-y', '-i', src, '-vf', 'scale=640:360', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-g', '50', '-an', proxy]);
  const logo = join(dir, 'logo.png');
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=magenta@0.8:s=300x120', '-frames:v', '1', '-pix_fmt', 'rgba', logo]);
  // Caption words every 400 ms (the CPU cost does not depend on what they say).
  const words: CaptionWord[] = Array.from({ length: Math.floor(SECONDS * 2.5) }, (_, i) => ({ text: ['storm', 'hits', 'the', 'harbour', 'tonight'][i % 5]!, startMs: i * 400, endMs: i * 400 + 380 }));
  const renderer = new FfmpegDeliveryRenderer({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', detector: new SaliencySubjectDetector('ffmpeg') });
  const mediaMs = SECONDS * 1000;

  let n = 0;
  const run = (profile: DeliveryProfile, reframe: RenderJobInput['reframe'], captions: boolean, watermark: boolean) => {
    const workDir = join(dir, `w${n++}`);
    mkdirSync(workDir);
    return renderer.render({
      items: [{ sourcePath: src, detectPath: proxy, inMs: 0, outMs: mediaMs, hasAudio: true, cutsMs: [] }],
      profile, fps: outputFps(profile, { num: 25, den: 1 }), reframe, captions: { burn: captions, sidecars: captions, words }, watermarkPath: watermark ? logo : null, loudness: profile.loudness, workDir,
    }, () => {}, new AbortController().signal);
  };

  // Baseline: the same source re-encoded at 1080p with the same encoder settings, audio copied through AAC: no recipe.
  const yt = getProfile('youtube-1080p');
  const baseline = await measure('baseline: plain 1080p transcode', () => exec('ffmpeg', ['-v', 'error', '-y', '-i', src, '-filter_complex', '[0:v]fps=25,format=yuv420p[vout];[0:a]aresample=48000[aout]', ...encodeArgs(yt, mediaMs, 25), join(dir, 'baseline.mp4')]));
  const reels = getProfile('reels-9x16');
  const recipes: Record<string, () => Promise<unknown>> = {
    'centre crop → 1080×1920': () => run(reels, 'center', false, false),
    'full vertical (tracked, captions, logo, loudnorm)': () => run(reels, 'auto', true, true),
    'blur-fill + captions + logo': () => run(reels, 'blurfill', true, true),
    'full recipe → 720×1280 (X)': () => run(getProfile('x-9x16'), 'auto', true, true),
    'landscape 1080p + captions + logo': () => run(yt, 'auto', true, true),
  };
  const results: Record<string, { cpuS: number; wallS: number; modes: string }> = {};
  for (const [name, fn] of Object.entries(recipes)) {
    const m = await measure(name, fn);
    const out = (m.result as { output: { reframe: { mode: string }[] } }).output;
    results[name] = { cpuS: m.cpuS, wallS: m.wallS, modes: [...new Set(out.reframe.map((r) => r.mode))].join('+') };
  }
  // Subject detection alone on the proxy: the saliency detector, and the face detector (CUTAWAY_VISION on;
  // one model thread, loaded before measuring). The set has no face, so the face run includes the saliency fallback.
  const share = 0.316;
  const saliency = new SaliencySubjectDetector('ffmpeg');
  const vision = new HumanVision({ threads: 1 });
  const faces = new FaceSubjectDetector({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', faces: vision, fallback: saliency });
  const detectors: Record<string, { cpuS: number; wallS: number }> = {};
  try {
    await faces.detect(proxy, 0, 1000, share, new AbortController().signal);
    for (const [name, d] of Object.entries({ 'saliency detector': saliency, 'face detector (BlazeFace, + saliency fallback)': faces })) {
      const m = await measure(name, () => d.detect(proxy, 0, mediaMs, share, new AbortController().signal));
      detectors[name] = { cpuS: m.cpuS, wallS: m.wallS };
    }
  } finally {
    await vision.close();
  }
  const per = (c: number) => c / SECONDS;
  const col = (s: string, w: number) => s.padStart(w);
  const lines = [
    `media: ${SECONDS} s of 1080p25 still testsrc2 set with temporal noise + moving subject + espeak-ng speech, ${cpus().length} cores, ${execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]}`,
    `${'recipe'.padEnd(50)}${col('CPU-s', 8)}${col('CPU-s/media-s', 15)}${col('wall s', 9)}${col('× baseline', 12)}  reframe`,
    `${'baseline: plain 1080p transcode'.padEnd(50)}${col(baseline.cpuS.toFixed(2), 8)}${col(per(baseline.cpuS).toFixed(3), 15)}${col(baseline.wallS.toFixed(2), 9)}${col('1.00', 12)}`,
    ...Object.entries(results).map(([k, v]) => `${k.padEnd(50)}${col(v.cpuS.toFixed(2), 8)}${col(per(v.cpuS).toFixed(3), 15)}${col(v.wallS.toFixed(2), 9)}${col((v.cpuS / baseline.cpuS).toFixed(2), 12)}  ${v.modes}`),
    ...Object.entries(detectors).map(([k, v]) => `${k.padEnd(50)}${col(v.cpuS.toFixed(2), 8)}${col(per(v.cpuS).toFixed(3), 15)}${col(v.wallS.toFixed(2), 9)}`),
    `reference for the full vertical recipe: ${REFERENCE.low}–${REFERENCE.high} CPU-s per media-s (measured on the same class of machine)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const full = results['full vertical (tracked, captions, logo, loudnorm)']!;
  process.stdout.write(`${JSON.stringify({
    bench: 'deliver', mediaSeconds: SECONDS, cores: cpus().length,
    baseline: { cpuS: round(baseline.cpuS, 2), cpuPerMediaS: round(per(baseline.cpuS)), wallS: round(baseline.wallS, 2) },
    recipes: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { cpuS: round(v.cpuS, 2), cpuPerMediaS: round(per(v.cpuS)), wallS: round(v.wallS, 2), ratioToBaseline: round(v.cpuS / baseline.cpuS, 2), reframe: v.modes }])),
    detectors: Object.fromEntries(Object.entries(detectors).map(([k, v]) => [k, { cpuS: round(v.cpuS, 2), cpuPerMediaS: round(per(v.cpuS)), wallS: round(v.wallS, 2) }])),
    fullVerticalCpuPerMediaS: round(per(full.cpuS)), reference: REFERENCE,
  })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
