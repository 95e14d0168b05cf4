import { describe, expect, it } from 'vitest';
import { parseWords } from './output';
import { planChunks, speechRegions, toMediaTime } from './regions';

describe('parseWords', () => {
  it('reads `word start end posterior` lines, drops markers, fillers and hypothesis lines, folds alternates', () => {
    const out = [
      'weather forecast for tomorrow',
      '<s> 0.000 0.020 0.999300',
      'weather 0.030 0.160 0.925187',
      '<sil> 0.170 0.620 0.999500',
      'really(2) 0.630 1.080 0.343618',
      '[NOISE] 1.090 1.250 0.019777',
      '++BREATH++ 1.260 1.300 0.5',
      'the 1.310 1.300 1e-05',
      '</s> 1.310 1.870 1.000000',
    ].join('\n');
    expect(parseWords(out)).toEqual([
      { w: 'weather', startMs: 30, endMs: 160, conf: 0.925187 },
      { w: 'really', startMs: 630, endMs: 1080, conf: 0.343618 },
      { w: 'the', startMs: 1310, endMs: 1310, conf: 0.00001 },
    ]);
  });
});

describe('speechRegions', () => {
  it('pads by 200 ms, merges regions closer than 500 ms, clamps to the file', () => {
    const r = speechRegions(10_000, [{ startMs: 100, endMs: 1000 }, { startMs: 1400, endMs: 2000 }, { startMs: 2600, endMs: 3000 }, { startMs: 9900, endMs: 10_500 }]);
    expect(r).toEqual([{ startMs: 0, endMs: 2200 }, { startMs: 2400, endMs: 3200 }, { startMs: 9700, endMs: 10_000 }]);
  });

  it('is the whole file without regions, and nothing for an empty list', () => {
    expect(speechRegions(5000, undefined)).toEqual([{ startMs: 0, endMs: 5000 }]);
    expect(speechRegions(5000, [])).toEqual([]);
  });
});

describe('planChunks and toMediaTime', () => {
  const regions = [{ startMs: 1000, endMs: 3000 }, { startMs: 10_000, endMs: 11_000 }, { startMs: 20_000, endMs: 24_000 }];

  it('lays regions end to end with 500 ms of silence, and starts a new chunk past chunkMs of speech', () => {
    expect(planChunks(regions)).toEqual([{
      regions: [{ startMs: 1000, endMs: 3000, atMs: 0 }, { startMs: 10_000, endMs: 11_000, atMs: 2500 }, { startMs: 20_000, endMs: 24_000, atMs: 4000 }],
      lengthMs: 8000, speechMs: 7000,
    }]);
    expect(planChunks(regions, { chunkMs: 3000 }).map((c) => c.regions.map((r) => [r.startMs, r.atMs]))).toEqual([[[1000, 0], [10_000, 2500]], [[20_000, 0]]]);
  });

  it('maps WAV time back to media time, a word in a gap to its nearest region, clamped to it', () => {
    const [chunk] = planChunks(regions);
    expect(toMediaTime(chunk!, 2600, 3000)).toEqual({ startMs: 10_100, endMs: 10_500 });
    expect(toMediaTime(chunk!, 1900, 2300)).toEqual({ startMs: 2900, endMs: 3000 }); // middle 2100: in the gap, nearer region 1
    expect(toMediaTime(chunk!, 7900, 8200)).toEqual({ startMs: 23_900, endMs: 24_000 });
  });
});
