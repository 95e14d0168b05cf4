import { describe, expect, it } from 'vitest';
import type { Rate } from '../schemas/common';
import { AppError } from '../errors/index';
import { RATES, type RateName } from './rate';
import { framesPerDay, framesToTimecode, timecodeToFrames } from './smpte';

const codeOf = (fn: () => unknown): unknown => {
  try { fn(); } catch (e) { return e instanceof AppError ? e.code : e; }
  return 'no error';
};

describe('known labels (both directions)', () => {
  it.each([
    // 29.97 drop-frame, SMPTE ST 12-1: ;00 and ;01 skipped each minute except every tenth
    ['29.97', true, 0, '00:00:00;00'],
    ['29.97', true, 1799, '00:00:59;29'],
    ['29.97', true, 1800, '00:01:00;02'],
    ['29.97', true, 3597, '00:01:59;29'],
    ['29.97', true, 3598, '00:02:00;02'],
    ['29.97', true, 17981, '00:09:59;29'],
    ['29.97', true, 17982, '00:10:00;00'],
    ['29.97', true, 17983, '00:10:00;01'],
    ['29.97', true, 17984, '00:10:00;02'],
    ['29.97', true, 19781, '00:10:59;29'],
    ['29.97', true, 19782, '00:11:00;02'],
    ['29.97', true, 107891, '00:59:59;29'],
    ['29.97', true, 107892, '01:00:00;00'],
    ['29.97', true, 2589407, '23:59:59;29'],
    // 59.94 drop-frame: ;00–;03 skipped
    ['59.94', true, 3599, '00:00:59;59'],
    ['59.94', true, 3600, '00:01:00;04'],
    ['59.94', true, 35964, '00:10:00;00'],
    ['59.94', true, 215784, '01:00:00;00'],
    ['59.94', true, 5178815, '23:59:59;59'],
    // non-drop
    ['29.97', false, 108000, '01:00:00:00'],
    ['29.97', false, 1800, '00:01:00:00'],
    ['59.94', false, 216000, '01:00:00:00'],
    ['25', false, 90000, '01:00:00:00'],
    ['25', false, 24, '00:00:00:24'],
    ['25', false, 2159999, '23:59:59:24'],
    ['23.976', false, 86400, '01:00:00:00'],
    ['24', false, 86399, '00:59:59:23'],
    ['30', false, 1799, '00:00:59:29'],
    ['50', false, 180000, '01:00:00:00'],
    ['60', false, 216001, '01:00:00:01'],
  ] as const)('%s df=%s: frame %i ⇄ %s', (name, dropFrame, frames, tc) => {
    expect(framesToTimecode(frames, RATES[name], { dropFrame })).toBe(tc);
    expect(timecodeToFrames(tc, RATES[name], { dropFrame })).toBe(frames);
  });

  it('pads frames to three digits above 100 fps', () => {
    const r120 = { num: 120, den: 1 };
    expect(framesToTimecode(432119, r120)).toBe('01:00:00:119');
    expect(timecodeToFrames('00:00:01:005', r120)).toBe(125);
  });
});

describe('timecodeToFrames notations', () => {
  it.each([
    ['00:01:00;02', undefined, 1800],
    ['00;01;00;02', undefined, 1800],
    ['00:01:00.02', undefined, 1800],
    ['00:01:00,02', undefined, 1800],
    ['00:01:00:02', undefined, 1802], // ':' means non-drop
    ['00:01:00:02', true, 1800], // explicit option wins
    ['00:01:00;02', false, 1802],
    ['00:01:00;00', false, 1800], // legal once drop-frame is overridden
    [' 01:00:00;00 ', undefined, 107892],
  ] as const)('%j (dropFrame %s) at 29.97 → %i', (tc, dropFrame, frames) => {
    expect(timecodeToFrames(tc, RATES['29.97'], dropFrame === undefined ? {} : { dropFrame })).toBe(frames);
  });

  it('defaults options when omitted', () => {
    expect(timecodeToFrames('00:00:01:00', RATES['25'])).toBe(25);
  });
});

describe('rejections', () => {
  it.each([
    ['00:01:00;00', '29.97', undefined], // dropped label
    ['00:01:00;01', '29.97', undefined],
    ['00:09:00;01', '29.97', undefined],
    ['00:01:00;03', '59.94', undefined],
    ['00:01:00:00', '29.97', true],
    ['00:00:00:30', '29.97', undefined], // frames ≥ nominal fps
    ['00:00:00:25', '25', undefined],
    ['00:00:00:60', '59.94', false],
    ['00:60:00:00', '25', undefined],
    ['00:00:60:00', '25', undefined],
    ['24:00:00:00', '25', undefined], // no wrap
    ['00:00:00;00', '25', undefined], // drop-frame separator at a rate without drop-frame
    ['00:00:00:00', '25', true],
    ['', '25', undefined],
    ['garbage', '25', undefined],
    ['1:02:03:04', '25', undefined],
    ['00:00:00', '25', undefined],
    ['00:00:00:00:00', '25', undefined],
    ['00;00:00;00', '29.97', undefined], // mixed separators
    ['00;00;00:00', '29.97', undefined],
    ['00:00:00:0', '25', undefined],
    ['00:00:00:005', '25', undefined],
    ['-0:00:00:00', '25', undefined],
    ['0a:00:00:00', '25', undefined],
  ] as const)('%j at %s (dropFrame %s)', (tc, name, dropFrame) => {
    expect(codeOf(() => timecodeToFrames(tc, RATES[name], dropFrame === undefined ? {} : { dropFrame }))).toBe('timecode.invalid');
  });

  it('rejects a non-string timecode from untyped callers', () => {
    expect(codeOf(() => timecodeToFrames(3600 as unknown as string, RATES['25']))).toBe('timecode.invalid');
  });

  it.each([
    [-1, '25', false], [1.5, '25', false], [NaN, '25', false], [Infinity, '25', false],
    [2 ** 53, '25', false], [2160000, '25', false], [2589408, '29.97', true], [2592000, '29.97', false],
    [5178816, '59.94', true], [0, '25', true], [0, '23.976', true], [0, '30', true], [0, '60', true],
  ] as const)('framesToTimecode(%d, %s, dropFrame %s) throws', (frames, name, dropFrame) => {
    expect(codeOf(() => framesToTimecode(frames, RATES[name], { dropFrame }))).toBe('timecode.invalid');
  });

  it('carries input and rate in the error details', () => {
    try {
      timecodeToFrames('00:01:00;00', RATES['29.97']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details).toEqual({ input: '00:01:00;00', rate: RATES['29.97'], dropFrame: true });
      expect(JSON.stringify((e as AppError).toWire())).toContain('timecode.invalid');
    }
  });
});

describe('framesPerDay', () => {
  it.each([
    ['23.976', false, 2073600], ['24', false, 2073600], ['25', false, 2160000], ['29.97', false, 2592000],
    ['29.97', true, 2589408], ['30', false, 2592000], ['50', false, 4320000], ['59.94', true, 5178816], ['60', false, 5184000],
  ] as const)('%s df=%s: %i', (name, dropFrame, n) => {
    expect(framesPerDay(RATES[name], { dropFrame })).toBe(n);
  });
});

const MODES: [RateName, boolean][] = [
  ['23.976', false], ['24', false], ['25', false], ['29.97', false], ['29.97', true],
  ['30', false], ['50', false], ['59.94', false], ['59.94', true], ['60', false],
];

describe('round trips every 997th frame over 24 hours', () => {
  it.each(MODES)('%s df=%s', (name, dropFrame) => {
    const rate: Rate = RATES[name];
    const day = framesPerDay(rate, { dropFrame });
    const bad: string[] = [];
    for (let f = 0; f < day; f += 997) {
      for (const g of [f, Math.min(f + 1, day - 1)]) {
        const tc = framesToTimecode(g, rate, { dropFrame });
        if (timecodeToFrames(tc, rate) !== g) bad.push(`${g} → ${tc}`); // separator alone selects DF/NDF
      }
    }
    expect(bad).toEqual([]);
  });
});

/** An independent oracle: count labels one at a time, skipping the SMPTE ST 12-1 dropped ones. */
function* labels(fps: number, drop: number): Generator<string> {
  let [h, m, s, f] = [0, 0, 0, 0];
  const p = (n: number) => String(n).padStart(2, '0');
  for (;;) {
    yield `${p(h)}:${p(m)}:${p(s)}${drop ? ';' : ':'}${p(f)}`;
    if (++f < fps) continue;
    f = 0;
    if (++s < 60) continue;
    s = 0;
    if (++m === 60) [m, h] = [0, h + 1];
    if (m % 10 !== 0) f = drop;
  }
}

describe('every frame of the first two hours matches a label counter', () => {
  // Two hours cross twelve ten-minute blocks and an hour rollover; the 997-step sweep covers the rest of the day.
  it.each([['29.97', 30, 2], ['59.94', 60, 4], ['29.97', 30, 0]] as const)('%s fps=%i drop=%i', (name, fps, drop) => {
    const rate = RATES[name];
    const dropFrame = drop > 0;
    const end = (2 * framesPerDay(rate, { dropFrame })) / 24;
    const gen = labels(fps, drop);
    const bad: string[] = [];
    for (let f = 0; f < end && bad.length < 5; f++) {
      const expected = gen.next().value as string;
      if (framesToTimecode(f, rate, { dropFrame }) !== expected) bad.push(`${f}: ${expected}`);
    }
    expect(bad).toEqual([]);
    expect(gen.next().value).toBe(dropFrame ? '02:00:00;00' : '02:00:00:00');
  });
});
