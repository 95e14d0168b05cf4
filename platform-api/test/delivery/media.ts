import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * A 1280×720 25 fps clip with known ground truth: a white 120×200 box on grey moving right at
 * 100 px/s (x = 200 + 100·t, so its centre is at (260 + 100·t) / 1280 of the width), and espeak-ng
 * speech from 1.0 s and from 5.0 s with silence between.
 */
export async function movingSubjectClip(dir: string, seconds = 8): Promise<{ path: string; boxCentre: (tS: number) => number }> {
  const s1 = join(dir, 's1.wav');
  const s2 = join(dir, 's2.wav');
  await exec('espeak-ng', ['-w', s1, 'storm hits the harbour']);
  await exec('espeak-ng', ['-w', s2, 'waves rise']);
  const path = join(dir, 'subject.mp4');
  await exec('ffmpeg', ['-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x404040:s=1280x720:r=25:d=${seconds}`,
    '-f', 'lavfi', '-i', `color=c=white:s=120x200:r=25:d=${seconds}`,
    '-i', s1, '-i', s2,
    '-filter_complex', `[0:v][1:v]overlay=x='200+t*100':y=150:shortest=1[v];[2:a]adelay=1000:all=1[a1];[3:a]adelay=5000:all=1[a2];[a1][a2]amix=inputs=2:duration=longest:normalize=0,apad=whole_dur=${seconds},volume=-8dB[a]`,
    '-map', '[v]', '-map', '[a]', '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', path]);
  return { path, boxCentre: (t) => (260 + 100 * t) / 1280 };
}

/** A magenta PNG with alpha: watermark pixels are easy to find. */
export async function watermarkPng(dir: string): Promise<string> {
  const path = join(dir, 'logo.png');
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=magenta:s=200x100', '-frames:v', '1', '-pix_fmt', 'rgba', path]);
  return path;
}

/** One decoded RGB frame at `tS` seconds. */
export async function frameAt(path: string, tS: number, width: number, height: number): Promise<Buffer> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-ss', tS.toFixed(3), '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { encoding: 'buffer', maxBuffer: width * height * 3 + 1024 });
  return stdout;
}

export function countPixels(rgb: Buffer, width: number, rows: [number, number], cols: [number, number], test: (r: number, g: number, b: number) => boolean): { count: number; meanX: number } {
  let count = 0;
  let sx = 0;
  for (let y = Math.max(0, rows[0]); y < rows[1]; y++) {
    for (let x = Math.max(0, cols[0]); x < cols[1]; x++) {
      const o = (y * width + x) * 3;
      if (test(rgb[o]!, rgb[o + 1]!, rgb[o + 2]!)) {
        count++;
        sx += x;
      }
    }
  }
  return { count, meanX: count ? sx / count : NaN };
}

export const isYellow = (r: number, g: number, b: number) => r > 180 && g > 180 && b < 100;
export const isWhite = (r: number, g: number, b: number) => r > 200 && g > 200 && b > 200;
export const isMagenta = (r: number, g: number, b: number) => r > 180 && g < 100 && b > 180;
