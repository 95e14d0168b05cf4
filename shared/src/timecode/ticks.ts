import type { Rate } from '../schemas/common';
import { invalid, jsonSafe, requireInteger } from './guards';
import { assertRate } from './rate';
import { divRound, toSafeNumber, type Rounding } from './rounding';

/**
 * Premiere Pro's time unit: 254 016 000 000 ticks a second (2¹²·3⁴·5⁶·7²), so every common
 * frame duration is a whole number of ticks (one frame at 29.97 is 8 475 667 200).
 * About 9.85 hours of ticks pass 2⁵³, so the math is bigint and ticks leave as decimal strings,
 * the form Premiere's APIs use.
 */
export const TICKS_PER_SECOND = 254_016_000_000;

const TPS = BigInt(TICKS_PER_SECOND);
const TICKS_PER_MS = TPS / 1000n;

/** Ticks as Premiere hands them over (a decimal string) or as bigint or safe-integer number. */
export type Ticks = string | bigint | number;

/** Reads ticks into a bigint; a number must be a safe integer, a string an optionally signed integer. */
export function parseTicks(ticks: Ticks): bigint {
  if (typeof ticks === 'bigint') return ticks;
  if (typeof ticks === 'number') return BigInt(requireInteger(ticks, 'ticks'));
  if (typeof ticks === 'string' && /^-?\d{1,30}$/.test(ticks.trim())) return BigInt(ticks.trim());
  throw invalid(`Unrecognised ticks "${String(ticks)}"`, { ticks: jsonSafe(ticks) });
}

/** Integer ms → ticks (exact: one ms is 254 016 000 ticks). */
export function msToTicks(ms: number): string {
  return (BigInt(requireInteger(ms, 'ms')) * TICKS_PER_MS).toString();
}

/** Ticks → integer ms, rounded to nearest by default. */
export function ticksToMs(ticks: Ticks, rounding: Rounding = 'round'): number {
  return toSafeNumber(divRound(parseTicks(ticks), TICKS_PER_MS, rounding), 'ms');
}

/** Frame count → ticks: frames · TPS · den / num (exact for every rate in RATES). */
export function framesToTicks(frames: number, rate: Rate, rounding: Rounding = 'round'): string {
  requireInteger(frames, 'frames');
  assertRate(rate);
  return divRound(BigInt(frames) * TPS * BigInt(rate.den), BigInt(rate.num), rounding).toString();
}

/** Ticks → frame count; 'floor' (the default) gives the frame on screen at that instant. */
export function ticksToFrames(ticks: Ticks, rate: Rate, rounding: Rounding = 'floor'): number {
  const t = parseTicks(ticks);
  assertRate(rate);
  return toSafeNumber(divRound(t * BigInt(rate.num), TPS * BigInt(rate.den), rounding), 'frames');
}
