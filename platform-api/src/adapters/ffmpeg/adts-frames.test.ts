import { describe, expect, it } from 'vitest';
import { AdtsFramer } from './adts-frames';

/** An ADTS frame of `length` bytes (header included), 48 kHz (index 3), one raw data block. */
function frame(length: number, fill: number): Buffer {
  const b = Buffer.alloc(length, fill);
  b[0] = 0xff;
  b[1] = 0xf1;
  b[2] = (1 << 6) | (3 << 2);
  b[3] = (2 << 6) | ((length >> 11) & 0x03);
  b[4] = (length >> 3) & 0xff;
  b[5] = ((length & 0x07) << 5) | 0x1f;
  b[6] = 0xfc;
  return b;
}

describe('AdtsFramer', () => {
  it('passes whole frames on across arbitrary chunk boundaries and reads the sample rate', () => {
    const frames = [frame(20, 1), frame(9, 2), frame(300, 3)];
    const all = Buffer.concat(frames);
    const f = new AdtsFramer();
    const got: Buffer[] = [];
    for (const cut of [[0, 5], [5, 25], [25, 26], [26, all.length]]) got.push(...f.push(all.subarray(cut[0], cut[1])));
    expect(got.map((b) => b.length)).toEqual([20, 9, 300]);
    expect(Buffer.concat(got).equals(all)).toBe(true);
    expect(f.samples).toBe(3 * 1024);
    expect(f.sampleRate).toBe(48000);
  });

  it('stops at the sample limit (set late, as when the out-point becomes known) and drops the rest', () => {
    const f = new AdtsFramer();
    expect(f.push(Buffer.concat([frame(10, 1), frame(10, 2)]))).toHaveLength(2);
    f.setLimit(3 * 1024);
    expect(f.push(Buffer.concat([frame(10, 3), frame(10, 4), frame(10, 5)])).map((b) => b[7])).toEqual([3]);
    expect(f.full).toBe(true);
    expect(f.push(frame(10, 6))).toEqual([]);
  });

  it('rejects a stream that lost sync instead of passing garbage on', () => {
    expect(() => new AdtsFramer().push(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]))).toThrow(/sync/);
  });
});
