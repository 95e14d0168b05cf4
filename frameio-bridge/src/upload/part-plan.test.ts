import { describe, expect, it } from 'vitest';
import { evenSplit, planParts } from './part-plan';

describe('upload part plan (docs/frameio.md §1.4)', () => {
  it("reproduces the documented split: 50,645,990 B in 3 parts → 16,881,997 / 16,881,997 / 16,881,996", () => {
    expect(evenSplit(50_645_990, 20 * 1024 * 1024)).toEqual([16_881_997, 16_881_997, 16_881_996]);
    expect(evenSplit(0, 1024)).toEqual([0]);
  });

  it('gives every part its exact offset and size, and refuses sizes that do not add up to the file', () => {
    const urls = [16_881_997, 16_881_997, 16_881_996].map((size, i) => ({ size, url: `https://s3/p${i}` }));
    expect(planParts(50_645_990, urls)).toEqual([
      { index: 0, url: 'https://s3/p0', offset: 0, size: 16_881_997 },
      { index: 1, url: 'https://s3/p1', offset: 16_881_997, size: 16_881_997 },
      { index: 2, url: 'https://s3/p2', offset: 33_763_994, size: 16_881_996 },
    ]);
    expect(() => planParts(50_645_991, urls)).toThrow(/add up/);
    expect(() => planParts(10, [])).toThrow(/no upload URLs/);
    expect(() => planParts(10, [{ size: -1, url: 'x' }])).toThrow(/invalid size/);
  });
});
