import { describe, expect, it } from 'vitest';
import { RATES, TICKS_PER_SECOND, ticksToFrames } from '../../timecode/index';
import { momentTicks } from './moment-ticks';

const tpf = (r: { num: number; den: number }) => (TICKS_PER_SECOND * r.den) / r.num;

describe('momentTicks: a moment as frame-exact Premiere ticks', () => {
  it.each([
    ['23.976', RATES['23.976'], 10_000, 12_500, 239, 300],
    ['25', RATES['25'], 10_000, 12_500, 250, 313],
    ['29.97', RATES['29.97'], 10_000, 12_500, 299, 375],
    ['50', RATES['50'], 1_010, 2_000, 50, 100],
    ['59.94', RATES['59.94'], 1_000, 2_000, 59, 120],
  ])('%s fps: in floors to the frame on screen, out ceils to the next boundary', (_n, rate, startMs, endMs, inFrame, outFrame) => {
    const t = momentTicks({ startMs, endMs }, rate);
    expect([t.inFrame, t.outFrame]).toEqual([inFrame, outFrame]);
    // Whole ticks per frame at every broadcast rate (254016000000 = 2^12·3^4·5^6·7^2).
    expect(BigInt(t.inTicks)).toBe(BigInt(inFrame) * BigInt(tpf(rate)));
    expect(BigInt(t.outTicks)).toBe(BigInt(outFrame) * BigInt(tpf(rate)));
    expect(ticksToFrames(t.inTicks, rate)).toBe(inFrame);
  });

  it('29.97 drop-frame and non-drop share ticks: DF only relabels, frames are the same instants', () => {
    // 00:01:00;02 DF is frame 1800; 1800 frames at 30000/1001 start at 60.06 s.
    const t = momentTicks({ startMs: 60_060, endMs: 61_000 }, RATES['29.97']);
    expect(t.inFrame).toBe(1800);
    expect(t.inTicks).toBe((1800n * 8_475_667_200n).toString());
  });

  it('is relative to a cut file that starts at a keyframe', () => {
    // The server widened [10 000, 12 500) to a keyframe at 8 000 ms: in the file the moment starts 2 s in.
    const t = momentTicks({ startMs: 10_000, endMs: 12_500 }, RATES['25'], 8_000);
    expect([t.inFrame, t.outFrame]).toEqual([50, 113]);
    expect(t.inTicks).toBe(String(2 * TICKS_PER_SECOND));
  });

  it('never yields an empty range and refuses a reversed one', () => {
    const t = momentTicks({ startMs: 1000, endMs: 1001 }, RATES['25']);
    expect(t.outFrame - t.inFrame).toBe(1);
    expect(() => momentTicks({ startMs: 5, endMs: 5 }, RATES['25'])).toThrow(/empty range/);
  });
});
