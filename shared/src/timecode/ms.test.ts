import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { framesToMs, msToFrames, msToTimecode, timecodeToMs } from './ms';
import { RATES, type RateName } from './rate';
import type { Rounding } from './rounding';

const codeOf = (fn: () => unknown): unknown => {
  try { fn(); } catch (e) { return e instanceof AppError ? e.code : e; }
  return 'no error';
};

describe('msToFrames', () => {
  it.each([
    [1001, '29.97', 'floor', 30],
    [1000, '29.97', 'floor', 29], // 29.97 frames
    [1000, '29.97', 'round', 30],
    [40, '25', 'floor', 1],
    [39, '25', 'floor', 0],
    [39, '25', 'ceil', 1],
    [20, '25', 'round', 1], // exactly half a frame rounds up
    [33, '29.97', 'floor', 0], // 0.989 frames
    [33, '29.97', 'round', 1],
    [3_600_000, '29.97', 'floor', 107892], // one hour of real time
    [3_600_000, '23.976', 'floor', 86313],
    [3_600_000, '25', 'floor', 90000],
    [86_400_000, '59.94', 'floor', 5178821],
    [0, '60', 'ceil', 0],
    [-1, '25', 'floor', -1], // signed offsets are fine here
    [-1, '25', 'ceil', 0],
  ] as const)('%i ms at %s (%s) = frame %i', (ms, name, rounding, frames) => {
    expect(msToFrames(ms, RATES[name], rounding)).toBe(frames);
  });

  it('floors by default', () => {
    expect(msToFrames(79, RATES['25'])).toBe(1);
  });
});

describe('framesToMs', () => {
  it.each([
    [30, '29.97', 'round', 1001],
    [1, '29.97', 'round', 33], // 33.37 ms
    [1, '29.97', 'ceil', 34],
    [1, '29.97', 'floor', 33],
    [1, '25', 'round', 40],
    [108000, '29.97', 'round', 3_603_600], // NDF "one hour" runs 3.6 s long
    [107892, '29.97', 'round', 3_599_996], // DF 01:00:00;00 is 3599.9964 s
    [86400, '23.976', 'round', 3_603_600],
    [216000, '60', 'round', 3_600_000],
    [-25, '25', 'round', -1000],
  ] as const)('frame %i at %s (%s) = %i ms', (frames, name, rounding, ms) => {
    expect(framesToMs(frames, RATES[name], rounding)).toBe(ms);
  });

  it('rounds to nearest by default', () => {
    expect(framesToMs(2, RATES['29.97'])).toBe(67); // 66.73
  });
});

describe('ms ⇄ frames round trips', () => {
  const names = Object.keys(RATES) as RateName[];
  it.each(names)('%s: frames → ms → frames, with matching roundings', (name) => {
    const rate = RATES[name];
    const bad: string[] = [];
    for (let f = 0; f < 6_000_000; f += 997) {
      for (const g of [f, f + 1, f + 2]) {
        if (msToFrames(framesToMs(g, rate), rate, 'round') !== g) bad.push(`${g} round/round`);
        if (msToFrames(framesToMs(g, rate, 'ceil'), rate) !== g) bad.push(`${g} ceil/floor`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('nearest ms then floor can land one frame early (why the pairs above matter)', () => {
    expect(msToFrames(framesToMs(1, RATES['29.97']), RATES['29.97'])).toBe(0);
  });
});

describe('msToTimecode / timecodeToMs', () => {
  it.each([
    [3_600_000, '29.97', true, '01:00:00;00'],
    [3_600_000, '29.97', false, '00:59:56:12'],
    [3_600_000, '25', false, '01:00:00:00'],
    [3_600_000, '23.976', false, '00:59:56:09'],
    [60_060, '29.97', true, '00:01:00;02'], // frame 1800
    [0, '59.94', true, '00:00:00;00'],
  ] as const)('%i ms at %s df=%s → %s', (ms, name, dropFrame, tc) => {
    expect(msToTimecode(ms, RATES[name], { dropFrame })).toBe(tc);
  });

  it('applies the rounding option before labelling', () => {
    expect(msToTimecode(39, RATES['25'])).toBe('00:00:00:00');
    expect(msToTimecode(39, RATES['25'], { rounding: 'round' })).toBe('00:00:00:01');
  });

  it.each([
    ['01:00:00;00', '29.97', undefined, 3_599_996],
    ['00:01:00;02', '29.97', undefined, 60_060],
    ['01:00:00:00', '29.97', undefined, 3_603_600],
    ['01:00:00:00', '25', undefined, 3_600_000],
    ['00:00:00:01', '29.97', undefined, 33],
    ['00:00:00:01', '29.97', 'ceil', 34],
  ] as const)('%s at %s (%s) → %i ms', (tc, name, rounding, ms) => {
    expect(timecodeToMs(tc, RATES[name], rounding === undefined ? {} : { rounding: rounding as Rounding })).toBe(ms);
  });

  it('defaults options when omitted', () => {
    expect(timecodeToMs('00:00:01:00', RATES['25'])).toBe(1000);
    expect(msToTimecode(1000, RATES['25'])).toBe('00:00:01:00');
  });
});

describe('rejections', () => {
  it.each([
    () => msToFrames(1.5, RATES['25']),
    () => msToFrames(NaN, RATES['25']),
    () => msToFrames(Infinity, RATES['25']),
    () => msToFrames(1000, { num: 0, den: 1 }),
    () => msToFrames(1000, RATES['25'], 'nearest' as Rounding),
    () => framesToMs(0.5, RATES['25']),
    () => framesToMs(1, { num: 25, den: -1 }),
    () => msToTimecode(-1, RATES['25']),
    () => msToTimecode(86_400_000, RATES['25']),
    () => msToTimecode(1000, RATES['25'], { dropFrame: true }),
    () => timecodeToMs('00:01:00;00', RATES['29.97']),
  ])('%s throws timecode.invalid', (fn) => {
    expect(codeOf(fn)).toBe('timecode.invalid');
  });
});
