import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { divRound, toSafeNumber, type Rounding } from './rounding';

describe('divRound', () => {
  it.each([
    [7n, 2n, 'floor', 3n], [7n, 2n, 'round', 4n], [7n, 2n, 'ceil', 4n],
    [5n, 3n, 'floor', 1n], [5n, 3n, 'round', 2n], [5n, 3n, 'ceil', 2n],
    [4n, 3n, 'floor', 1n], [4n, 3n, 'round', 1n], [4n, 3n, 'ceil', 2n],
    [6n, 3n, 'floor', 2n], [6n, 3n, 'round', 2n], [6n, 3n, 'ceil', 2n],
    [-7n, 2n, 'floor', -4n], [-7n, 2n, 'round', -3n], [-7n, 2n, 'ceil', -3n],
    [-5n, 3n, 'floor', -2n], [-5n, 3n, 'round', -2n], [-5n, 3n, 'ceil', -1n],
    [0n, 9n, 'floor', 0n], [0n, 9n, 'round', 0n], [0n, 9n, 'ceil', 0n],
  ] as const)('%s / %s (%s) = %s', (n, d, rounding, q) => {
    expect(divRound(n, d, rounding)).toBe(q);
  });

  it('matches Math.round / floor / ceil on a sweep of fractions', () => {
    const bad: string[] = [];
    for (let n = -50; n <= 50; n++) {
      for (let d = 1; d <= 12; d++) {
        for (const [mode, f] of [['floor', Math.floor], ['round', Math.round], ['ceil', Math.ceil]] as const) {
          if (divRound(BigInt(n), BigInt(d), mode) !== BigInt(f(n / d))) bad.push(`${n}/${d} ${mode}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('rejects an unknown rounding mode', () => {
    expect(() => divRound(1n, 2n, 'trunc' as Rounding)).toThrow(AppError);
  });
});

describe('toSafeNumber', () => {
  it('passes safe integers through and refuses the rest', () => {
    expect(toSafeNumber(2n ** 53n - 1n, 'x')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toSafeNumber(-(2n ** 53n) + 1n, 'x')).toBe(Number.MIN_SAFE_INTEGER);
    expect(() => toSafeNumber(2n ** 53n, 'x')).toThrow(AppError);
  });
});
