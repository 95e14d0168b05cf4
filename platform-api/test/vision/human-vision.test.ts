import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HumanVision } from '../../src/adapters/vision-human/human-vision';
import type { FaceTrackResult } from '../../src/ports/vision';
import { DEFAULT_MATCH_THRESHOLD, distance } from '../../src/services/people/face-matching';
import { mergeObjectIntervals } from '../../src/rules/object-intervals';
import { FACES, composeVideo, dinnerPhoto, faceCrop } from './faces-media';

/**
 * The real models on generated media (issue 17 "Tests"): three 4 s shots, the same man in two
 * different photos around another person; objects on a dinner photo then an empty picture.
 */
describe('HumanVision (BlazeFace, FaceRes, CenterNet on tfjs wasm, in worker threads)', () => {
  let dir: string;
  let vision: HumanVision;
  let faces: { tracks: FaceTrackResult[]; frames: number };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-vision-'));
    const a0 = faceCrop(FACES.manA[0]!, join(dir, 'a0.png'));
    const a2 = faceCrop(FACES.manA[2]!, join(dir, 'a2.png'));
    const b = faceCrop(FACES.womanB, join(dir, 'b.png'));
    composeVideo([
      { image: a0, durationS: 4, background: 'darkblue', x: 120, y: 90, driftX: 25 },
      { image: b, durationS: 4, background: 'gray', x: 380, y: 120 },
      { image: a2, durationS: 4, background: 'darkgreen', x: 220, y: 100 },
    ], join(dir, 'faces.mp4'));
    composeVideo([
      { image: dinnerPhoto(join(dir, 'dinner.png')), durationS: 6, background: 'black', x: 84, y: 2 },
      { image: null, durationS: 6, background: 'gray', x: 0, y: 0 },
    ], join(dir, 'objects.mp4'));
    vision = new HumanVision({ threads: 1 });
    faces = await vision.analyzeFaces(join(dir, 'faces.mp4'), { durationMs: 12_000, shotStartsMs: [4000, 8000], descriptors: true });
  }, 300_000);

  afterAll(async () => {
    await vision?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds one track per shot, inside its shot, where the face was placed', () => {
    expect(faces.tracks).toHaveLength(3);
    const shots = [[0, 4000], [4000, 8000], [8000, 12000]] as const;
    faces.tracks.forEach((t, i) => {
      const [from, to] = shots[i]!;
      expect(t.startMs).toBeGreaterThanOrEqual(from);
      expect(t.startMs).toBeLessThanOrEqual(from + 1000);
      expect(t.endMs).toBeGreaterThanOrEqual(to - 1000);
      expect(t.endMs).toBeLessThanOrEqual(to);
      expect(t.quality).toBeGreaterThan(0.3);
      // The thumbnail is a JPEG (SOI marker).
      expect([...t.thumbnail.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    });
    // Shot 2's face was pasted at x 380 of 640: the box centre lies in the right half.
    const [x, , w] = faces.tracks[1]!.box;
    expect(x + w / 2).toBeGreaterThan(0.55);
    // Sampling was denser after the cuts: more frames than one a second.
    expect(faces.frames).toBeGreaterThan(12);
  });

  it('gives the same man in two photos close descriptors and another person a far one', () => {
    const [a0, b, a2] = faces.tracks.map((t) => t.descriptor!);
    expect(a0).toBeInstanceOf(Float32Array);
    expect(distance(a0!, a2!)).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    expect(distance(a0!, b!)).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    expect(distance(a2!, b!)).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
  });

  it('skips descriptors when grouping is off', async () => {
    const off = await vision.analyzeFaces(join(dir, 'faces.mp4'), { durationMs: 12_000, shotStartsMs: [4000, 8000], descriptors: false, stepMs: 2000 });
    expect(off.tracks.length).toBeGreaterThan(0);
    expect(off.tracks.every((t) => t.descriptor === null)).toBe(true);
  }, 120_000);

  it('labels COCO objects and merges them into intervals where they are on screen', async () => {
    const timesMs = Array.from({ length: 6 }, (_, i) => i * 2000);
    const frames = await vision.detectObjects(join(dir, 'objects.mp4'), { durationMs: 12_000, timesMs });
    expect(frames.map((f) => f.atMs)).toEqual(timesMs);
    const intervals = mergeObjectIntervals(frames, 2000, 12_000);
    const person = intervals.find((i) => i.label === 'person');
    expect(person).toBeDefined();
    expect(person!.startMs).toBe(0);
    expect(person!.endMs).toBeLessThanOrEqual(7000);
    // Nothing is on the empty second half.
    expect(intervals.every((i) => i.startMs < 6000)).toBe(true);
  }, 120_000);
});
