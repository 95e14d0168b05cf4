import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Test speech: 0.6 s tone bursts every 5 s from 1 s on. Each burst is one "word" with a known time. */
export const BURST = { firstMs: 1000, periodMs: 5000, lengthMs: 600 } as const;

export function burstStarts(durationMs: number): number[] {
  const out: number[] = [];
  for (let t = BURST.firstMs; t + BURST.lengthMs <= durationMs; t += BURST.periodMs) out.push(t);
  return out;
}

/**
 * Stereo 44.1 kHz AAC in .m4a (a realistic compressed source, so the adapter must downmix,
 * resample and seek), with sample-exact bursts drawn by aevalsrc.
 */
export async function makeBurstAudio(path: string, durationS: number): Promise<void> {
  const { firstMs, periodMs, lengthMs } = BURST;
  const on = `between(mod(t-${firstMs / 1000}\\,${periodMs / 1000})\\,0\\,${lengthMs / 1000})*gte(t\\,${firstMs / 1000})`;
  const expr = `0.5*sin(2*PI*440*t)*${on}`;
  await exec('ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc=exprs=${expr}|${expr}:s=44100:d=${durationS}`,
    '-c:a', 'aac', '-b:a', '96k', path,
  ]);
}

/** Decodes any audio the fake server received to mono 16 kHz PCM (ffmpeg reads it from stdin). */
export function decodeToPcm(data: Buffer): Promise<Int16Array> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', '16000', 'pipe:1']);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    child.stdin.on('error', () => {});
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg could not decode the upload: ${err}`));
      const b = Buffer.concat(out);
      resolve(new Int16Array(b.buffer, b.byteOffset, Math.floor(b.length / 2)));
    });
    child.stdin.end(data);
  });
}

/** Loud runs in 10 ms frames (RMS over −26 dBFS), as [startS, endS] from the start of the PCM. */
export function detectBursts(pcm: Int16Array, rate = 16000): Array<{ start: number; end: number }> {
  const frame = rate / 100;
  const runs: Array<{ start: number; end: number }> = [];
  let open: number | null = null;
  const frames = Math.floor(pcm.length / frame);
  for (let f = 0; f <= frames; f++) {
    let loud = false;
    if (f < frames) {
      let sum = 0;
      for (let i = f * frame; i < (f + 1) * frame; i++) sum += (pcm[i]! / 32768) ** 2;
      loud = Math.sqrt(sum / frame) > 0.05;
    }
    if (loud && open === null) open = f;
    if (!loud && open !== null) {
      if (f - open >= 5) runs.push({ start: open / 100, end: f / 100 });
      open = null;
    }
  }
  return runs;
}
