import { describe, expect, it } from 'vitest';
import type { LiveSegment } from '../../ports/live-recorder';
import { runsOf } from './live-cutter';

const seg = (run: number, seq: number): LiveSegment => ({ run, seq, startMs: seq * 2000, durationMs: 2000, sizeBytes: 1, ref: `r${run}/s${seq}`, settled: true });

describe('runsOf (the exact pass copies each recorder run of the middle as one continuous input)', () => {
  it('splits at a recorder restart and at a missing segment, keeping order', () => {
    const runs = runsOf([seg(1, 4), seg(1, 5), seg(1, 6), seg(2, 0), seg(2, 1), seg(2, 3)]);
    expect(runs.map((r) => r.map((s) => s.ref))).toEqual([['r1/s4', 'r1/s5', 'r1/s6'], ['r2/s0', 'r2/s1'], ['r2/s3']]);
  });

  it('has no runs for no segments', () => {
    expect(runsOf([])).toEqual([]);
  });
});
