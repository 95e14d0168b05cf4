import { describe, expect, it } from 'vitest';
import { framesToTimecode, msToFrames, msToTimecode, type Rate } from '@cutaway/shared';
import { commentFileFrame, toAssetTime } from './frames';

const R25: Rate = { num: 25, den: 1 };
const R2997: Rate = { num: 30000, den: 1001 };
const R5994: Rate = { num: 60000, den: 1001 };
const R23976: Rate = { num: 24000, den: 1001 };

describe('Frame.io comment time → asset frame', () => {
  it('reads V4 integer timestamps as frame numbers from 1 (frame 1 = the first frame), V2-style from 0 when configured', () => {
    expect(commentFileFrame(1, { rate: R25, frameBase: 1 })).toBe(0);
    expect(commentFileFrame(51, { rate: R25, frameBase: 1 })).toBe(50);
    expect(commentFileFrame(51, { rate: R25, frameBase: 0 })).toBe(51);
    expect(commentFileFrame(null, { rate: R25, frameBase: 1 })).toBeNull();
  });

  it('reads HH:MM:SS:FF and drop-frame HH:MM:SS;FF timecode strings (timestamp_as_timecode=true)', () => {
    expect(commentFileFrame('00:00:02:00', { rate: R25, frameBase: 1 })).toBe(50);
    // 29.97 DF: 00:01:00;02 is frame 1800 (labels ;00 and ;01 are skipped at each minute but every tenth).
    expect(commentFileFrame('00:01:00;02', { rate: R2997, frameBase: 1 })).toBe(1800);
    expect(commentFileFrame('00:10:00;00', { rate: R2997, frameBase: 1 })).toBe(17982);
    expect(commentFileFrame('01:00:00;00', { rate: R5994, frameBase: 1 })).toBe(215784);
    expect(() => commentFileFrame(12.3, { rate: R25, frameBase: 1 })).toThrow(/timestamp/);
  });

  it('lands exactly on the frame at every rate: msToFrames(startMs) is the frame, drop-frame only changes the label', () => {
    for (const rate of [R25, R2997, R5994, R23976, { num: 24, den: 1 }, { num: 50, den: 1 }]) {
      for (const frame of [0, 1, 2, 29, 30, 1799, 1800, 17982, 107891, 107892]) {
        const t = toAssetTime(frame, null, { rate, dropFrame: false, frameBase: 1, cutInMs: 0 });
        expect(t.frame).toBe(frame);
        expect(msToFrames(t.startMs, rate)).toBe(frame);
        expect(msToFrames(t.endMs, rate)).toBe(frame + 1);
      }
    }
    // 29.97 DF at one hour: 107,892 frames is 01:00:00;00 (the classic off-by-2 at hour starts).
    const hour = toAssetTime(107892, null, { rate: R2997, dropFrame: true, frameBase: 1, cutInMs: 0 });
    expect(msToTimecode(hour.startMs, R2997, { dropFrame: true })).toBe('01:00:00;00');
    expect(msToTimecode(hour.startMs, R2997, { dropFrame: false })).toBe('00:59:56:12');
  });

  it('adds the cut in point of a sub-range push and spans a range comment', () => {
    const t = toAssetTime(10, 5, { rate: R25, dropFrame: false, frameBase: 1, cutInMs: 2000 });
    expect(t).toEqual({ frame: 60, startMs: 2400, endMs: 2600 });
    const df = toAssetTime(0, null, { rate: R2997, dropFrame: true, frameBase: 1, cutInMs: 60_060 });
    expect(msToTimecode(df.startMs, R2997, { dropFrame: true })).toBe(framesToTimecode(1800, R2997, { dropFrame: true }));
    expect(framesToTimecode(1800, R2997, { dropFrame: true })).toBe('00:01:00;02');
  });
});
