import type { Rate } from '../schemas/common';
import { requireInteger } from './guards';
import { assertRate } from './rate';
import { divRound, toSafeNumber, type Rounding } from './rounding';
import { framesToTimecode, timecodeToFrames, type TimecodeOptions } from './smpte';

export interface MsTimecodeOptions extends TimecodeOptions {
  /** How a time between frame boundaries picks a frame (msToTimecode) or ms (timecodeToMs). */
  rounding?: Rounding;
}

/**
 * Integer ms → frame count, exactly: ms · num / (1000 · den). 'floor' (the default) gives the frame
 * on screen at that instant: 1001 ms at 29.97 is frame 30, 40 ms at 25 is frame 1.
 */
export function msToFrames(ms: number, rate: Rate, rounding: Rounding = 'floor'): number {
  requireInteger(ms, 'ms');
  assertRate(rate);
  return toSafeNumber(divRound(BigInt(ms) * BigInt(rate.num), 1000n * BigInt(rate.den), rounding), 'frames');
}

/**
 * Frame count → the integer ms where that frame starts: frames · 1000 · den / num, rounded.
 * Nearest ms may fall just before the frame (frame 1 at 29.97 starts at 33.37 → 33), so read it
 * back with msToFrames(…, 'round'), or pass 'ceil' here to keep msToFrames' default 'floor' exact.
 */
export function framesToMs(frames: number, rate: Rate, rounding: Rounding = 'round'): number {
  requireInteger(frames, 'frames');
  assertRate(rate);
  return toSafeNumber(divRound(BigInt(frames) * 1000n * BigInt(rate.den), BigInt(rate.num), rounding), 'ms');
}

/** Integer ms → SMPTE label of the frame at that time (rounding defaults to 'floor'). */
export function msToTimecode(ms: number, rate: Rate, opts: MsTimecodeOptions = {}): string {
  return framesToTimecode(msToFrames(ms, rate, opts.rounding ?? 'floor'), rate, opts);
}

/** SMPTE label → integer ms where that frame starts (rounding defaults to 'round'). */
export function timecodeToMs(tc: string, rate: Rate, opts: MsTimecodeOptions = {}): number {
  return framesToMs(timecodeToFrames(tc, rate, opts), rate, opts.rounding ?? 'round');
}
