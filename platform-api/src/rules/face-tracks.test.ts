import { describe, expect, it } from 'vitest';
import { FaceTracker, faceQuality, faceSampleTimes, iou } from './face-tracks';
import type { Box } from '../ports/vision';

const face = (x: number, score = 0.9, size = 0.2): { box: Box; score: number } => ({ box: [x, 0.3, size, size], score });

describe('face tracking', () => {
  it('follows a moving face, ends tracks at a cut and keeps the best face', () => {
    const t = new FaceTracker([3000]);
    expect(t.push(0, [face(0.1, 0.7)])).toEqual([]);
    expect(t.push(1000, [face(0.14, 0.95)])).toEqual([]);
    expect(t.push(2000, [face(0.18, 0.8)])).toEqual([]);
    const closed = t.push(3000, [face(0.6)]);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ startMs: 0, endMs: 2000, best: { atMs: 1000 } });
    const rest = t.finish();
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatchObject({ startMs: 3000, endMs: 3000 });
  });

  it('keeps two faces on screen apart and closes a face unseen for too long', () => {
    const t = new FaceTracker([]);
    t.push(0, [face(0.1), face(0.6)]);
    t.push(1000, [face(0.61), face(0.11)]);
    expect(t.openTracks().map((x) => x.startMs)).toEqual([0, 0]);
    const closed = t.push(5000, [face(0.6)]);
    expect(closed.map((x) => x.endMs)).toEqual([1000, 1000]);
    expect(t.openTracks()).toHaveLength(1);
  });

  it('scores quality by confidence and size, and overlap by IoU', () => {
    expect(faceQuality({ box: [0, 0, 0.34, 0.34], score: 1 })).toBe(1);
    expect(faceQuality({ box: [0, 0, 0.1, 0.1], score: 0.9 })).toBeLessThan(0.3);
    expect(iou([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(iou([0, 0, 0.1, 0.1], [0.5, 0.5, 0.1, 0.1])).toBe(0);
  });

  it('samples every second plus the cut and half a second after it', () => {
    expect(faceSampleTimes(4000, [1500])).toEqual([0, 1000, 1500, 2000, 3000]);
    expect(faceSampleTimes(3000, [2750])).toEqual([0, 1000, 2000, 2750]);
  });
});
