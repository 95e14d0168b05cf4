import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { isDropFrameCapable, nominalFps, normalizeRate, parseRate, rateToNumber, RATES } from './rate';

const codeOf = (fn: () => unknown): unknown => {
  try { fn(); } catch (e) { return e instanceof AppError ? e.code : e; }
  return 'no error';
};

describe('RATES', () => {
  it.each([
    ['23.976', 24000, 1001], ['24', 24, 1], ['25', 25, 1], ['29.97', 30000, 1001],
    ['30', 30, 1], ['50', 50, 1], ['59.94', 60000, 1001], ['60', 60, 1],
  ] as const)('%s is %i/%i', (name, num, den) => {
    expect(RATES[name]).toEqual({ num, den });
  });

  it('has exactly the eight broadcast rates and is frozen', () => {
    expect(Object.keys(RATES)).toHaveLength(8);
    expect(Object.isFrozen(RATES)).toBe(true);
    expect(Object.isFrozen(RATES['29.97'])).toBe(true);
  });
});

describe('parseRate', () => {
  it.each([
    ['29.97', 30000, 1001], ['30000/1001', 30000, 1001], ['25', 25, 1], ['25/1', 25, 1],
    ['23.98', 24000, 1001], ['23.976', 24000, 1001], ['24000/1001', 24000, 1001],
    ['59.94', 60000, 1001], ['60000/1001', 60000, 1001], ['29.970029970', 30000, 1001],
    ['119.88', 120000, 1001], ['14.985', 15000, 1001], ['47.952', 48000, 1001],
    ['25.000', 25, 1], ['50/2', 25, 1], ['60000/2002', 30000, 1001], [' 30 / 1 ', 30, 1],
    ['12.5', 25, 2], ['2997/100', 2997, 100], ['1', 1, 1],
  ])('%j → %i/%i', (input, num, den) => {
    expect(parseRate(input)).toEqual({ num, den });
  });

  it.each(['', '0', '0/0', '0/1', '25/0', '-25', '-30000/1001', '30000/-1001', 'abc', 'NaN', 'Infinity',
    '1e3', '29.97fps', '29,97', '.5', '25.', '1/2/3', '0.000'])('rejects %j', (input) => {
    expect(codeOf(() => parseRate(input))).toBe('timecode.invalid');
  });

  it('rejects non-strings from untyped callers', () => {
    expect(codeOf(() => parseRate(25 as unknown as string))).toBe('timecode.invalid');
  });
});

describe('nominalFps / isDropFrameCapable / rateToNumber', () => {
  it.each([
    ['23.976', 24, false], ['24', 24, false], ['25', 25, false], ['29.97', 30, true],
    ['30', 30, false], ['50', 50, false], ['59.94', 60, true], ['60', 60, false],
  ] as const)('%s counts in %i fps, drop-frame capable: %s', (name, fps, df) => {
    expect(nominalFps(RATES[name])).toBe(fps);
    expect(isDropFrameCapable(RATES[name])).toBe(df);
  });

  it('recognises drop-frame rates written unreduced', () => {
    expect(isDropFrameCapable({ num: 60000, den: 2002 })).toBe(true);
    expect(isDropFrameCapable({ num: 24000, den: 1001 })).toBe(false);
    expect(isDropFrameCapable({ num: 120000, den: 1001 })).toBe(false);
  });

  it.each([
    [RATES['29.97'], 30000 / 1001], [RATES['25'], 25], [{ num: 25, den: 2 }, 12.5],
  ])('rateToNumber(%j) = %d', (rate, n) => {
    expect(rateToNumber(rate)).toBe(n);
  });

  it.each([
    { num: 0, den: 1 }, { num: 25, den: 0 }, { num: -25, den: 1 }, { num: 29.97, den: 1 }, { num: NaN, den: 1 },
  ])('rejects the invalid rate %j', (rate) => {
    expect(codeOf(() => nominalFps(rate))).toBe('timecode.invalid');
    expect(codeOf(() => rateToNumber(rate))).toBe('timecode.invalid');
    expect(codeOf(() => isDropFrameCapable(rate))).toBe('timecode.invalid');
  });

  it('rejects a rate below one frame per second for counting', () => {
    expect(codeOf(() => nominalFps({ num: 1, den: 3 }))).toBe('timecode.invalid');
  });

  it('normalizeRate reduces to lowest terms', () => {
    expect(normalizeRate({ num: 48000, den: 2002 })).toEqual({ num: 24000, den: 1001 });
  });
});
