import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Test media with known ground truth (docs/media-pipeline.md "Test media with known ground truth"):
 * lavfi pictures with hard cuts on exact frames, drawtext lower thirds, espeak-ng speech at
 * chosen times, muxed to H.264/AAC MP4. Independent of the adapter under test on purpose.
 */
export interface Rate { num: number; den: number }

export interface NewsClipOptions {
  durationS: number;
  width: number;
  height: number;
  /** 25, 29.97 (= 30000/1001), or an exact rate. */
  fps: number | Rate;
  /** Hard cuts, snapped to the nearest frame. */
  cutsAtS: number[];
  lowerThirds?: Array<{ text: string; fromS: number; toS: number }>;
  /** `voice` (espeak-ng -v, default its `en`) and `wpm` (-s, default 175) are optional per utterance. */
  speech?: Array<{ text: string; atS: number; voice?: string; wpm?: number }>;
  label?: string;
  /** Start timecode written as a tmcd track, e.g. `00:59:58;00` (';' = drop-frame). */
  timecode?: string;
  /** Default ultrafast (fast to make); `videoBitrate` e.g. '8M' imitates a mezzanine for benchmarks. */
  preset?: string;
  videoBitrate?: string;
  /** No audio stream at all (`speech` must then be empty). */
  noAudio?: boolean;
}

export interface NewsClipTruth {
  path: string;
  cutsMs: number[];
  cutFrames: number[];
  lowerThirds: Array<{ text: string; fromMs: number; toMs: number }>;
  /** [atMs, endMs) is the whole espeak-ng WAV; voiced* bound its audible samples (> -40 dBFS), without espeak's lead-in and tail silence. */
  speech: Array<{ text: string; atMs: number; endMs: number; voicedFromMs: number; voicedToMs: number }>;
  durationMs: number;
  frames: number;
  rate: Rate;
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export function toRate(fps: number | Rate): Rate {
  if (typeof fps === 'object') return fps;
  if (Number.isInteger(fps)) return { num: fps, den: 1 };
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(fps - ntsc / 1.001) < 0.01) return { num: ntsc * 1000, den: 1001 };
  throw new Error(`Unsupported rate ${fps}`);
}

const frameToMs = (f: number, r: Rate) => Math.round((f * 1000 * r.den) / r.num);
const sToFrame = (s: number, r: Rate) => Math.round((s * r.num) / r.den);

/** Each shot a different source and palette, so every cut scores far above the detector threshold. */
function shotSource(i: number, w: number, h: number, rate: string): string {
  const small = `s=${Math.max(2, Math.round(w / 4 / 2) * 2)}x${Math.max(2, Math.round(h / 4 / 2) * 2)}`;
  const text = (file: string, color: string) =>
    `drawtext=fontfile=${BOLD}:textfile=${file}:fontsize=${Math.round(h / 8)}:fontcolor=${color}:x=(w-tw)/2:y=h*0.3`;
  switch (i % 5) {
    case 0: return `testsrc2=s=${w}x${h}:r=${rate}`;
    case 1: return `smptebars=s=${w}x${h}:r=${rate}`;
    // The expensive sources are drawn at a quarter size and scaled up: a 1080p mandelbrot costs ~50 ms a frame.
    case 2: return `mandelbrot=${small}:r=${rate}:maxiter=64:start_scale=2,scale=${w}:${h}`;
    case 3: return `color=c=0x1d3557:s=${w}x${h}:r=${rate},${text(`shot${i}.txt`, 'white')}`;
    default: return `color=c=0xf4a261:s=${w}x${h}:r=${rate},${text(`shot${i}.txt`, '0x222222')}`;
  }
}

export async function generateNewsClip(outPath: string, opts: NewsClipOptions): Promise<NewsClipTruth> {
  const rate = toRate(opts.fps);
  const r = `${rate.num}/${rate.den}`;
  const frames = sToFrame(opts.durationS, rate);
  const cutFrames = opts.cutsAtS.map((s) => sToFrame(s, rate));
  cutFrames.forEach((f, i) => {
    if (f <= (cutFrames[i - 1] ?? 0) || f >= frames) throw new Error(`cut ${opts.cutsAtS[i]} s is out of order or outside the clip`);
  });
  const { width: w, height: h } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-gen-'));
  try {
    const bounds = [0, ...cutFrames, frames];
    const graph: string[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      await writeFile(join(dir, `shot${i}.txt`), `${opts.label ?? 'CUTAWAY'} — SHOT ${i + 1}`);
      graph.push(`${shotSource(i, w, h, r)},trim=end_frame=${bounds[i + 1]! - bounds[i]!},setpts=PTS-STARTPTS,format=yuv420p,setsar=1[s${i}]`);
    }
    let video = `${bounds.slice(0, -1).map((_, i) => `[s${i}]`).join('')}concat=n=${bounds.length - 1}:v=1:a=0`;
    const lowerThirds = (opts.lowerThirds ?? []).map((lt, i) => {
      const from = sToFrame(lt.fromS, rate);
      const to = sToFrame(lt.toS, rate);
      return { text: lt.text, from, to, file: `lt${i}.txt` };
    });
    for (const lt of lowerThirds) {
      await writeFile(join(dir, lt.file), lt.text);
      // Frame numbers, not times: [from, to) exactly, whatever the rate's rounding.
      video += `,drawtext=fontfile=${FONT}:textfile=${lt.file}:fontsize=${Math.round(h / 12)}:fontcolor=white` +
        `:box=1:boxcolor=black@0.8:boxborderw=${Math.max(2, Math.round(h / 60))}:x=w*0.06:y=h*0.8:enable='gte(n,${lt.from})*lt(n,${lt.to})'`;
    }
    graph.push(`${video}[v]`);

    const speech: NewsClipTruth['speech'] = [];
    const inputs: string[] = [];
    for (const [i, s] of (opts.speech ?? []).entries()) {
      const wav = join(dir, `speech${i}.wav`);
      const voice = [...(s.voice ? ['-v', s.voice] : []), ...(s.wpm ? ['-s', String(s.wpm)] : [])];
      await run('espeak-ng', [...voice, '-w', wav, '--stdin'], dir, s.text);
      const atMs = Math.round(s.atS * 1000);
      const w = await readWav(wav);
      speech.push({ text: s.text, atMs, endMs: atMs + w.durationMs, voicedFromMs: atMs + w.voicedFromMs, voicedToMs: atMs + w.voicedToMs });
      inputs.push('-i', wav);
      graph.push(`[${i}:a]aresample=48000,adelay=${atMs}:all=1[sp${i}]`);
    }
    const durationS = (frames * rate.den) / rate.num;
    if (opts.noAudio && speech.length) throw new Error('noAudio clips cannot have speech');
    if (!opts.noAudio) {
      graph.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${durationS}[bed]`);
      graph.push(`[bed]${speech.map((_, i) => `[sp${i}]`).join('')}amix=inputs=${speech.length + 1}:duration=first:normalize=0[a]`);
    }

    const out = resolve(outPath);
    await run('ffmpeg', [
      '-nostdin', '-hide_banner', '-v', 'error', '-y', ...inputs, '-filter_complex', graph.join(';'),
      '-map', '[v]', ...(opts.noAudio ? [] : ['-map', '[a]']), '-r', r, '-c:v', 'libx264', '-preset', opts.preset ?? 'ultrafast', '-bf', '2',
      '-g', String(sToFrame(2, rate)), ...(opts.videoBitrate ? ['-b:v', opts.videoBitrate, '-maxrate', opts.videoBitrate, '-bufsize', opts.videoBitrate] : []),
      '-pix_fmt', 'yuv420p', ...(opts.noAudio ? [] : ['-c:a', 'aac', '-b:a', '128k', '-ac', '2']),
      ...(opts.timecode ? ['-timecode', opts.timecode] : []),
      // No +faststart: the moov stays at the end, so a truncated copy fails with "moov atom not found".
      '-t', durationS.toFixed(6), out,
    ], dir);
    return {
      path: out,
      cutsMs: cutFrames.map((f) => frameToMs(f, rate)),
      cutFrames,
      lowerThirds: lowerThirds.map((lt) => ({ text: lt.text, fromMs: frameToMs(lt.from, rate), toMs: frameToMs(lt.to, rate) })),
      speech,
      durationMs: frameToMs(frames, rate),
      frames,
      rate,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first 60 % of an MP4 whose index (moov) is at the end. */
export async function generateTruncated(src: string, out: string): Promise<void> {
  const bytes = await readFile(src);
  await writeFile(out, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
}

export async function generateNotMedia(out: string): Promise<void> {
  await writeFile(out, 'Running order notes\n1. Harbour storm — live from the breakwater\n2. Ferry cancellations\n'.repeat(20));
}

/** A still picture; format from the extension (.png/.jpg). `alpha` makes a half-transparent PNG. */
export async function generateStill(out: string, opts: { width?: number; height?: number; alpha?: boolean } = {}): Promise<void> {
  const vf = opts.alpha ? ['-vf', 'format=rgba,colorchannelmixer=aa=0.5'] : [];
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=s=${opts.width ?? 1920}x${opts.height ?? 1080}`, ...vf, '-frames:v', '1', '-update', '1', resolve(out)]);
}

/** Audio only: a sine tone; codec from the extension (.m4a → AAC, .wav → PCM). */
export async function generateTone(out: string, opts: { durationS?: number; freq?: number } = {}): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=f=${opts.freq ?? 440}:d=${opts.durationS ?? 5}:r=48000`, '-ac', '2', resolve(out)]);
}

/** Duration and audible span of espeak-ng's WAV (16-bit mono PCM). */
async function readWav(path: string): Promise<{ durationMs: number; voicedFromMs: number; voicedToMs: number }> {
  const b = await readFile(path);
  let byteRate = 0;
  for (let i = 12; i + 8 <= b.length; ) {
    const id = b.toString('ascii', i, i + 4);
    const size = b.readUInt32LE(i + 4);
    if (id === 'fmt ') byteRate = b.readUInt32LE(i + 16);
    if (id === 'data') {
      // espeak-ng may leave the data size unset when it streams; the rest of the file is the data then.
      const raw = Math.min(size, b.length - i - 8);
      const bytes = raw & ~1;
      const loud = (k: number) => Math.abs(b.readInt16LE(i + 8 + k)) > 328; // -40 dBFS
      let first = 0;
      let last = bytes - 2;
      while (first < bytes && !loud(first)) first += 2;
      while (last > first && !loud(last)) last -= 2;
      const ms = (n: number) => Math.round((n / byteRate) * 1000);
      return { durationMs: ms(raw), voicedFromMs: ms(Math.min(first, bytes)), voicedToMs: ms(Math.min(last + 2, bytes)) };
    }
    i += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no WAV data chunk (${(await stat(path)).size} bytes)`);
}

function run(cmd: string, args: string[], cwd?: string, stdin?: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`))));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}
