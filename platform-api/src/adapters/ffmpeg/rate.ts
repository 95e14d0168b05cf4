import type { Rate } from '@cutaway/shared';

/** Broadcast and camera rates: a measured average within 0.2 % of one of these is that rate. */
const KNOWN: readonly Rate[] = [
  { num: 24000, den: 1001 }, { num: 24, den: 1 }, { num: 25, den: 1 }, { num: 30000, den: 1001 }, { num: 30, den: 1 },
  { num: 48000, den: 1001 }, { num: 48, den: 1 }, { num: 50, den: 1 }, { num: 60000, den: 1001 }, { num: 60, den: 1 },
  { num: 100, den: 1 }, { num: 120000, den: 1001 }, { num: 120, den: 1 },
];

/** "30000/1001" → { 30000, 1001 } reduced; "0/0", "N/A" → null. */
export function parseRational(s: string | undefined): Rate | null {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  if (!m) return null;
  const num = Number(m[1]);
  const den = Number(m[2]);
  if (!(num > 0 && den > 0)) return null;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const value = (r: Rate) => r.num / r.den;

export function snapRate(r: Rate): Rate {
  const known = KNOWN.find((k) => Math.abs(value(k) - value(r)) / value(k) < 0.002);
  return known ? { ...known } : r;
}

/**
 * The exact frame rate of a video stream. r_frame_rate is the rate every timestamp fits
 * (exact for CFR, but 50 for 25i field-coded H.264); avg_frame_rate is frames/duration
 * (can be an odd rational like 359640/12001 for an MP4 with a short last frame). Trust
 * r_frame_rate when the average agrees within 1 %, else the average (VFR, PAFF); snap both.
 */
export function streamRate(rFrameRate: string | undefined, avgFrameRate: string | undefined): Rate | null {
  const r = parseRational(rFrameRate);
  const avg = parseRational(avgFrameRate);
  if (r && (!avg || Math.abs(value(avg) - value(r)) / value(r) < 0.01)) return snapRate(r);
  return avg ? snapRate(avg) : null;
}

/** Frames in `ms` at `rate`, rounded to the nearest frame. */
export function msToFrames(ms: number, rate: Rate): number {
  return Math.round((ms * rate.num) / (rate.den * 1000));
}

/** Largest whole number of frames that fits in `seconds` (a GOP "≤ 2 s" at 29.97 is 59, not 60). */
export function framesWithin(seconds: number, rate: Rate): number {
  return Math.max(1, Math.floor((seconds * rate.num) / rate.den + 1e-9));
}
