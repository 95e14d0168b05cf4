import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface ProbedStream { codec_type?: string; codec_name?: string; width?: number; height?: number; channels?: number; duration?: string }
interface ProbeOut { streams?: ProbedStream[]; packets?: Array<{ pts_time: string; flags: string }> }

/** Independent ffprobe reads for assertions (not the adapter's own parser). */
export async function ffprobe(path: string, ...args: string[]): Promise<ProbeOut> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-print_format', 'json', ...args, path], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as ProbeOut;
}

export async function streams(path: string): Promise<ProbedStream[]> {
  return (await ffprobe(path, '-show_streams')).streams ?? [];
}

/** Keyframe times (s) of the first video stream, from packet flags. */
export async function keyframes(path: string): Promise<number[]> {
  const j = await ffprobe(path, '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags');
  return (j.packets ?? []).filter((p) => p.flags.includes('K')).map((p) => Number(p.pts_time)).sort((a, b) => a - b);
}

/** The top-level ISO-BMFF boxes in file order (ISO/IEC 14496-12 §4.2: size, type; size 1 = 64-bit size follows). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const b = await readFile(path);
  const types: string[] = [];
  for (let i = 0; i + 8 <= b.length; ) {
    let size = b.readUInt32BE(i);
    types.push(b.toString('latin1', i + 4, i + 8));
    if (size === 1) size = Number(b.readBigUInt64BE(i + 8));
    if (size === 0) break;
    i += size;
  }
  return types;
}

export function jpegDims(b: Buffer): { width: number; height: number } {
  expect([b[0], b[1]]).toEqual([0xff, 0xd8]);
  for (let i = 2; i + 9 < b.length; ) {
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw new Error('no SOF marker');
}

/** md5 of decoded frame `n` (0-based) of the first video stream, as ffmpeg's framemd5 muxer reports it. */
export async function frameMd5(path: string, n: number): Promise<string> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'framemd5', '-']);
  const line = stdout.split('\n').find((l) => l && !l.startsWith('#'));
  if (!line) throw new Error(`no frame ${n} in ${path}`);
  return line.split(',').pop()!.trim();
}

/** Decodes everything; ffmpeg -v error prints nothing for a clean file. */
export async function decodeErrors(path: string): Promise<string> {
  const { stderr } = await exec('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
  return stderr.trim();
}

/** Live processes whose working directory is `dir` (the adapter runs ffmpeg with cwd = outDir). */
export async function processesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cwd = await readlink(`/proc/${name}/cwd`).catch(() => null);
    if (cwd === dir) pids.push(Number(name));
  }
  return pids;
}

/** Mean luma (0–255) of the first picture, from a 1×1 area downscale. */
export async function meanLuma(path: string): Promise<number> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', path, '-frames:v', '1', '-vf', 'scale=1:1:flags=area,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer' });
  return stdout[0]!;
}
