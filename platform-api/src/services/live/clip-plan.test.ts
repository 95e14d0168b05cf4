import { describe, expect, it } from 'vitest';
import type { LiveSegment } from '../../ports/live-recorder';
import { planClip } from './clip-plan';

const T = 1_765_000_000_000;
const seg = (run: number, seq: number, startMs: number, durationMs = 2000): LiveSegment => ({ run, seq, startMs: T + startMs, durationMs, sizeBytes: 1, ref: `${run}/${seq}`, settled: true });

describe('planClip', () => {
  const buffer = [seg(1, 0, 0), seg(1, 1, 2000), seg(1, 2, 4000), seg(2, 0, 9000), seg(2, 1, 11000)];

  it('takes the segments the range touches, with offsets into the edge ones', () => {
    const p = planClip(buffer, T + 2500, T + 4040)!;
    expect(p.segments.map((s) => s.ref)).toEqual(['1/1', '1/2']);
    expect([p.inOffsetMs, p.outOffsetMs]).toEqual([500, 40]);
    expect(p.instant).toEqual({ fromMs: T + 2000, toMs: T + 6000 });
    expect(p.exact).toEqual({ fromMs: T + 2500, toMs: T + 4040 });
    expect(p.holes).toEqual([]);
  });

  it('states the hole a restart left and keeps both sides', () => {
    const p = planClip(buffer, T + 5000, T + 10_000)!;
    expect(p.segments.map((s) => s.ref)).toEqual(['1/2', '2/0']);
    expect(p.holes).toEqual([{ startMs: T + 6000, endMs: T + 9000 }]);
  });

  it('makes a clip from what exists when the source stopped before the out-point', () => {
    const p = planClip(buffer, T + 10_000, T + 20_000)!;
    expect(p.segments.map((s) => s.ref)).toEqual(['2/0', '2/1']);
    expect(p.outOffsetMs).toBe(1999);
    expect(p.holes).toEqual([{ startMs: T + 13_000, endMs: T + 20_000 }]);
  });

  it('snaps an in-point inside a hole to the next recorded frame', () => {
    const p = planClip(buffer, T + 7000, T + 9500)!;
    expect(p.segments.map((s) => s.ref)).toEqual(['2/0']);
    expect(p.inOffsetMs).toBe(0);
    expect(p.holes).toEqual([{ startMs: T + 7000, endMs: T + 9000 }]);
  });

  it('is null when nothing was recorded in the range, and skips overlapping runs', () => {
    expect(planClip(buffer, T + 6500, T + 8500)).toBeNull();
    const overlap = [seg(1, 0, 0), seg(2, 0, 1500)];
    expect(planClip(overlap, T, T + 3000)!.segments.map((s) => s.ref)).toEqual(['1/0']);
  });
});
