import { describe, expect, it } from 'vitest';
import { mergeObjectIntervals, objectText } from './object-intervals';

const at = (atMs: number, ...items: Array<[string, number]>) => ({ atMs, items: items.map(([label, score]) => ({ label, score, box: [0, 0, 0.1, 0.1] as [number, number, number, number] })) });

describe('object intervals', () => {
  it('merges consecutive samples per label, drops weak single sightings, ends half a step after the last', () => {
    const frames = [at(0, ['boat', 0.6]), at(4000, ['boat', 0.7], ['person', 0.45]), at(8000, ['boat', 0.5]), at(12000), at(16000, ['boat', 0.9]), at(20000, ['dog', 0.41])];
    expect(mergeObjectIntervals(frames, 4000, 22000)).toEqual([
      { label: 'boat', startMs: 0, endMs: 10000, score: 0.7, samples: 3 },
      { label: 'boat', startMs: 16000, endMs: 18000, score: 0.9, samples: 1 },
    ]);
  });

  it('clamps to the media and writes everyday words into the row', () => {
    expect(mergeObjectIntervals([at(0, ['car', 0.8]), at(4000, ['car', 0.8])], 4000, 5000)[0]).toMatchObject({ startMs: 0, endMs: 5000 });
    expect(objectText('boat')).toBe('shown: boat (ship, vessel, ferry)');
    expect(objectText('zebra')).toBe('shown: zebra');
  });
});
