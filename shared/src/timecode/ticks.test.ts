import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { RATES, type RateName } from './rate';
import { framesPerDay } from './smpte';
import { framesToTicks, msToTicks, parseTicks, TICKS_PER_SECOND, ticksToFrames, ticksToMs, type Ticks } from './ticks';

const codeOf = (fn: () => unknown): unknown => {
  try { fn(); } catch (e) { return e instanceof AppError ? e.code : e; }
  return 'no error';
};

describe('TICKS_PER_SECOND', () => {
  it("is Premiere Pro's 254016000000 and divides every RATES frame evenly", () => {
    expect(TICKS_PER_SECOND).toBe(254_016_000_000);
    for (const { num, den } of Object.values(RATES)) expect((BigInt(TICKS_PER_SECOND) * BigInt(den)) % BigInt(num)).toBe(0n);
  });
});

describe('msToTicks / ticksToMs', () => {
  it.each([
    [0, '0'],
    [1, '254016000'],
    [1000, '254016000000'],
    [3_600_000, '914457600000000'],
    [86_400_000, '21946982400000000'], // past 2^53: exact only as bigint
    [-40, '-10160640000'],
  ])('%i ms ⇄ %s ticks', (ms, ticks) => {
    expect(msToTicks(ms)).toBe(ticks);
    expect(ticksToMs(ticks)).toBe(ms);
  });

  it.each([
    ['8475667200', 'round', 33], // one 29.97 frame = 33.37 ms
    ['8475667200', 'ceil', 34],
    ['8475667200', 'floor', 33],
    ['127008000', 'round', 1], // exactly half a ms rounds up
    ['127007999', 'round', 0],
  ] as const)('ticksToMs(%s, %s) = %i', (ticks, rounding, ms) => {
    expect(ticksToMs(ticks, rounding)).toBe(ms);
  });

  it('round-trips ms across a day', () => {
    const bad: number[] = [];
    for (let ms = 0; ms <= 86_400_000; ms += 99_991) if (ticksToMs(msToTicks(ms)) !== ms) bad.push(ms);
    expect(bad).toEqual([]);
  });
});

describe('framesToTicks / ticksToFrames', () => {
  it.each([
    [1, '23.976', '10594584000'],
    [1, '24', '10584000000'],
    [1, '25', '10160640000'],
    [1, '29.97', '8475667200'],
    [1, '30', '8467200000'],
    [1, '50', '5080320000'],
    [1, '59.94', '4237833600'],
    [1, '60', '4233600000'],
    [25, '25', '254016000000'],
    [107892, '29.97', '914456685542400'], // 01:00:00;00
    [2589407, '29.97', '21946951977350400'], // 23:59:59;29, past 2^53
  ] as const)('frame %i at %s ⇄ %s ticks', (frames, name, ticks) => {
    expect(framesToTicks(frames, RATES[name])).toBe(ticks);
    expect(ticksToFrames(ticks, RATES[name])).toBe(frames);
  });

  it.each([
    ['8475667199', 'floor', 0], ['8475667199', 'round', 1], ['8475667199', 'ceil', 1],
    ['4237833600', 'floor', 0], ['4237833600', 'round', 1], ['4237833599', 'round', 0],
  ] as const)('ticksToFrames(%s, 29.97, %s) = %i', (ticks, rounding, frames) => {
    expect(ticksToFrames(ticks, RATES['29.97'], rounding)).toBe(frames);
  });

  it.each<[Ticks, number]>([
    [254016000000n, 25], [254016000000, 25], [' 254016000000 ', 25], ['-10160640000', -1],
  ])('accepts ticks %s', (ticks, frames) => {
    expect(ticksToFrames(ticks, RATES['25'])).toBe(frames);
  });

  it('rounds a rate that does not divide the tick rate', () => {
    expect(framesToTicks(1, { num: 11, den: 1 })).toBe('23092363636'); // 23092363636.36…
    expect(framesToTicks(1, { num: 11, den: 1 }, 'ceil')).toBe('23092363637');
  });

  it.each(Object.keys(RATES) as RateName[])('%s: frames → ticks → frames over 24 hours', (name) => {
    const rate = RATES[name];
    const bad: number[] = [];
    for (let f = 0; f < framesPerDay(rate); f += 997) {
      for (const rounding of ['floor', 'round', 'ceil'] as const) {
        if (ticksToFrames(framesToTicks(f, rate), rate, rounding) !== f) bad.push(f);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('rejections', () => {
  it.each<Ticks>(['', 'abc', '1.5', '1e9', '--1', '0x10', 1.5, NaN, 2 ** 53])('parseTicks(%j) throws', (ticks) => {
    expect(codeOf(() => parseTicks(ticks))).toBe('timecode.invalid');
  });

  it.each([
    () => parseTicks(null as unknown as Ticks),
    () => msToTicks(0.5),
    () => framesToTicks(1.5, RATES['25']),
    () => framesToTicks(1, { num: 0, den: 1 }),
    () => ticksToFrames('1', { num: 25, den: 0 }),
    () => ticksToFrames('9'.repeat(30), RATES['25']), // beyond safe integers
    () => ticksToMs('9'.repeat(30)),
  ])('%s throws timecode.invalid', (fn) => {
    expect(codeOf(fn)).toBe('timecode.invalid');
  });

  it.each([
    () => ticksToMs(10n ** 29n),
    () => framesToTicks(5n as unknown as number, RATES['25']),
  ])('keeps bigint out of error details so the wire shape serialises: %s', (fn) => {
    let wire = '';
    try { fn(); } catch (e) { wire = JSON.stringify((e as AppError).toWire()); }
    expect(wire).toContain('timecode.invalid');
  });
});
