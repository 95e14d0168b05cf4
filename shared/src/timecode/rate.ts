import type { Rate } from '../schemas/common';
import { invalid, jsonSafe } from './guards';

/** The broadcast rates by their usual names, as exact rationals (the NTSC family is n·1000/1001). */
export const RATES = Object.freeze({
  '23.976': Object.freeze({ num: 24000, den: 1001 }),
  '24': Object.freeze({ num: 24, den: 1 }),
  '25': Object.freeze({ num: 25, den: 1 }),
  '29.97': Object.freeze({ num: 30000, den: 1001 }),
  '30': Object.freeze({ num: 30, den: 1 }),
  '50': Object.freeze({ num: 50, den: 1 }),
  '59.94': Object.freeze({ num: 60000, den: 1001 }),
  '60': Object.freeze({ num: 60, den: 1 }),
}) satisfies Record<string, Readonly<Rate>>;

export type RateName = keyof typeof RATES;

/** Decimals within this distance of n·1000/1001 are taken to mean exactly that ('23.98' → 24000/1001). */
const NTSC_SNAP_TOLERANCE = 0.01;
const NTSC_BASES = [15, 24, 30, 48, 60, 96, 120, 240];
const RATIONAL = /^(\d{1,15})\s*\/\s*(\d{1,15})$/;
const DECIMAL = /^(\d{1,6})(?:\.(\d{1,9}))?$/;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Throws unless num and den are positive safe integers. */
export function assertRate(rate: Rate): void {
  const ok =
    typeof rate === 'object' && rate !== null &&
    Number.isSafeInteger(rate.num) && Number.isSafeInteger(rate.den) && rate.num > 0 && rate.den > 0;
  if (!ok) throw invalid('A rate needs positive integer num and den', { rate: jsonSafe(rate) });
}

/** The rate in lowest terms: { 60000, 2002 } → { 30000, 1001 }. */
export function normalizeRate(rate: Rate): Rate {
  assertRate(rate);
  const g = gcd(rate.num, rate.den);
  return { num: rate.num / g, den: rate.den / g };
}

/**
 * Reads '29.97', '30000/1001' (ffprobe r_frame_rate), '25', '25/1', '23.98'.
 * Decimals near an NTSC rate snap to n·1000/1001; other decimals stay exact ('12.5' → 25/2);
 * rationals are kept as given, only reduced.
 */
export function parseRate(input: string): Rate {
  const s = typeof input === 'string' ? input.trim() : '';
  const rational = RATIONAL.exec(s);
  if (rational) return checked(Number(rational[1]), Number(rational[2]), input);
  const decimal = DECIMAL.exec(s);
  if (!decimal) throw invalid(`Unrecognised frame rate "${String(input)}"`, { input: jsonSafe(input) });
  const whole = decimal[1] ?? '';
  const frac = (decimal[2] ?? '').replace(/0+$/, '');
  if (frac) {
    const value = Number(`${whole}.${frac}`);
    const base = NTSC_BASES.find((n) => Math.abs(value - (n * 1000) / 1001) < NTSC_SNAP_TOLERANCE);
    if (base !== undefined) return { num: base * 1000, den: 1001 };
  }
  return checked(Number(whole + frac), 10 ** frac.length, input);
}

function checked(num: number, den: number, input: string): Rate {
  if (!(num > 0 && den > 0)) throw invalid(`Frame rate "${input}" must be positive`, { input });
  return normalizeRate({ num, den });
}

/** The rate as a float, for display and sorting only; never for frame math. */
export function rateToNumber(rate: Rate): number {
  assertRate(rate);
  return rate.num / rate.den;
}

/** The timebase frames are counted in (SMPTE ST 12-1): 23.976 → 24, 29.97 → 30, 59.94 → 60. */
export function nominalFps(rate: Rate): number {
  assertRate(rate);
  const fps = Math.round(rate.num / rate.den);
  if (fps < 1) throw invalid('Rate is below one frame per second; it has no timecode', { rate });
  return fps;
}

/** Only 29.97 and 59.94 have a drop-frame timecode (SMPTE ST 12-1). */
export function isDropFrameCapable(rate: Rate): boolean {
  const { num, den } = normalizeRate(rate);
  return den === 1001 && (num === 30000 || num === 60000);
}
