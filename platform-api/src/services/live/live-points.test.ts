import { describe, expect, it } from 'vitest';
import { AppError } from '@cutaway/shared';
import { resolvePoint } from './live-points';

describe('resolvePoint', () => {
  const now = Date.UTC(2026, 11, 6, 18, 30, 0);
  const pal = { num: 25, den: 1 };

  it('reads ISO 8601 with any offset', () => {
    expect(resolvePoint('2026-12-06T18:29:58.120Z', 'inAt', now, pal)).toBe(Date.UTC(2026, 11, 6, 18, 29, 58, 120));
    expect(resolvePoint('2026-12-06T19:29:58.120+01:00', 'inAt', now, pal)).toBe(Date.UTC(2026, 11, 6, 18, 29, 58, 120));
  });

  it('reads channel timecode as UTC time of day at the channel rate, today or yesterday', () => {
    expect(resolvePoint('18:29:58:03', 'inAt', now, pal)).toBe(Date.UTC(2026, 11, 6, 18, 29, 58, 120));
    // More than an hour ahead of now: it was yesterday's.
    expect(resolvePoint('23:00:00:00', 'inAt', now, pal)).toBe(Date.UTC(2026, 11, 5, 23, 0, 0));
  });

  it('needs a rate for timecode, and rejects garbage, with a typed error', () => {
    expect(() => resolvePoint('18:29:58:03', 'inAt', now, null)).toThrow(AppError);
    expect(() => resolvePoint('2026-13-45T99:00:00Z', 'outAt', now, pal)).toThrow(/outAt/);
  });
});
