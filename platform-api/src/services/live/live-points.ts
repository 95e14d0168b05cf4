import { AppError, timecodeToMs, type Rate } from '@cutaway/shared';

const DAY_MS = 86_400_000;
const TIMECODE = /^\d\d:\d\d:\d\d[:;.]\d\d$/;

/**
 * A clip point as epoch ms: ISO 8601 wall-clock, or the channel timecode `HH:MM:SS:FF` — UTC time of day at the
 * channel's rate (SMPTE ST 12-1 labels), taken on the latest day that does not put it more than an hour ahead of now.
 */
export function resolvePoint(value: string, field: 'inAt' | 'outAt', nowMs: number, rate: Rate | null): number {
  if (TIMECODE.test(value)) {
    if (!rate) throw new AppError('live.range_invalid', `${field}: the channel has no frame rate yet; send ISO 8601 wall-clock time`, { field });
    let t = Math.floor(nowMs / DAY_MS) * DAY_MS + timecodeToMs(value, rate, { rounding: 'ceil' });
    if (t > nowMs + 3_600_000) t -= DAY_MS;
    return t;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AppError('live.range_invalid', `${field}: not an ISO 8601 date-time or HH:MM:SS:FF timecode`, { field, value });
  return t;
}
