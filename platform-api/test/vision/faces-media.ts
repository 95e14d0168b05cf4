import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Test media with known faces and objects, composed with ffmpeg from pictures shipped in the
 * @vladmandic/human npm package (MIT licence, assets/): `screenshot-facematch.jpg` shows a grid of
 * face crops, the first row the same man in different photos, the second row other people
 * (labelled here by eye, below); `samples.jpg` has a man at a dinner table (a person and a cup).
 * Who is on screen when is known by construction.
 */
const require = createRequire(import.meta.url);
export const HUMAN_ASSETS = join(dirname(dirname(require.resolve('@vladmandic/human'))), 'assets');

/** Grid cells (row, column) of screenshot-facematch.jpg by identity. */
export const FACES = {
  /** Row 0, columns 0–5: one man, six different photos. */
  manA: [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [0, 5]] as Array<[number, number]>,
  womanB: [1, 6] as [number, number],
  womanC: [1, 7] as [number, number],
  womanD: [1, 11] as [number, number],
  manE: [1, 4] as [number, number],
};

/** A face cell cropped from the grid (labels trimmed) and doubled in size: about 200 × 170 px. */
export function faceCrop(cell: [number, number], out: string): string {
  const [row, col] = cell;
  const x = Math.round((col * 1920) / 18) + 2;
  const y = 283 + row * 113 + 12;
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(HUMAN_ASSETS, 'screenshot-facematch.jpg'), '-vf', `crop=102:84:${x}:${y},scale=204:168`, out]);
  return out;
}

/** The dinner photo from samples.jpg (a man, a cup on the table). */
export function dinnerPhoto(out: string): string {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(HUMAN_ASSETS, 'samples.jpg'), '-vf', 'crop=210:158:326:0,scale=472:356', out]);
  return out;
}

export interface Shot {
  /** Picture to show, or null for an empty background. */
  image: string | null;
  durationS: number;
  background: string;
  /** Start position (px) and drift (px per second) of the picture, so tracking has motion to follow. */
  x: number;
  y: number;
  driftX?: number;
  /** A lower third (white on a black box, as the OCR step reads them). */
  caption?: string;
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const lowerThird = (text: string) => `,drawtext=fontfile=${FONT}:text='${text}':fontsize=30:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=6:x=w*0.06:y=h*0.8`;

/** Shots one after the other (hard cuts), 640×360, 25 fps, H.264 + silent AAC. */
export function composeVideo(shots: readonly Shot[], out: string): string {
  const inputs: string[] = [];
  const filters: string[] = [];
  shots.forEach((s) => {
    inputs.push('-f', 'lavfi', '-i', `color=c=${s.background}:s=640x360:r=25:d=${s.durationS}`);
    if (s.image) inputs.push('-loop', '1', '-framerate', '25', '-t', String(s.durationS), '-i', s.image);
  });
  let input = 0;
  shots.forEach((s, i) => {
    const bg = input++;
    if (s.image) {
      const img = input++;
      filters.push(`[${bg}:v][${img}:v]overlay=x='${s.x}+${s.driftX ?? 0}*t':y=${s.y}:shortest=1${s.caption ? lowerThird(s.caption) : ''},format=yuv420p,setsar=1[v${i}]`);
    } else filters.push(`[${bg}:v]null${s.caption ? lowerThird(s.caption) : ''},format=yuv420p,setsar=1[v${i}]`);
  });
  filters.push(`${shots.map((_, i) => `[v${i}]`).join('')}concat=n=${shots.length}:v=1:a=0[v]`);
  const total = shots.reduce((n, s) => n + s.durationS, 0);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-f', 'lavfi', '-i', `anullsrc=r=48000:cl=mono:d=${total}`, '-filter_complex', filters.join(';'),
    '-map', '[v]', '-map', `${input}:a`, '-c:v', 'libx264', '-preset', 'veryfast', '-g', '25', '-c:a', 'aac', '-shortest', out]);
  return out;
}
