/**
 * Faces and objects for bench/enrich.bench.ts (issue 17 budget: faces + objects ≤ 10 CPU-minutes
 * per hour of video). A 640x360 clip (the proxy size) of 7 s shots, each a face crop from the
 * @vladmandic/human test pictures on a plain background, the dinner photo (person, cup) every
 * fourth shot. The model runs in worker threads of this process, so process.cpuUsage() counts it;
 * ffmpeg decoding is counted as children CPU.
 *   ours:  faces at 1 fps + at and 500 ms after each cut, BlazeFace only, descriptor once per track;
 *          objects every 5 s (OBJECT_STEP_MS).
 *   naive: every 1 fps frame through the full face pipeline (mesh + descriptor for every face) and
 *          objects on every 1 fps frame.
 */
import { join } from 'node:path';
import { HumanVision } from '../src/adapters/vision-human/human-vision';
import { analysisSize, forEachFrame } from '../src/adapters/vision-human/frames';
import { findVisionWorkerEntry, VisionWorkerPool } from '../src/adapters/vision-human/worker-pool';
import { OBJECT_STEP_MS } from '../src/services/enrichment/steps';
import { mergeObjectIntervals } from '../src/rules/object-intervals';
import { FACES, composeVideo, dinnerPhoto, faceCrop } from '../test/vision/faces-media';

export interface VisionCost { toolsS: number; nodeS: number; wallS: number }
type Measure = <T>(name: string, fn: () => Promise<T>) => Promise<[T, VisionCost]>;

export async function benchVision(seconds: number, dir: string, measure: Measure) {
  const cells = [FACES.manA[0]!, FACES.womanB, FACES.manA[2]!, FACES.womanC, FACES.womanD, FACES.manE];
  const crops = cells.map((c, i) => faceCrop(c, join(dir, `face${i}.png`)));
  const dinner = dinnerPhoto(join(dir, 'dinner.png'));
  const shotS = 7;
  const shots = Array.from({ length: Math.ceil(seconds / shotS) }, (_, i) => ({
    image: i % 4 === 3 ? dinner : crops[i % crops.length]!, durationS: Math.min(shotS, seconds - i * shotS),
    background: ['darkblue', 'gray', 'darkgreen', 'black'][i % 4]!, x: i % 4 === 3 ? 84 : 120 + 30 * (i % 5), y: i % 4 === 3 ? 2 : 90, driftX: i % 2 ? 10 : 0,
  }));
  const clip = composeVideo(shots, join(dir, 'faces.mp4'));
  const durationMs = seconds * 1000;
  const cuts = shots.slice(1).map((_, i) => (i + 1) * shotS * 1000);

  const vision = new HumanVision({ threads: 1 });
  // Model load once per worker thread, reported apart (a long-lived worker pays it once).
  const [, loadCost] = await measure('vision model load (once per thread)', () => vision.detectObjects(clip, { durationMs, timesMs: [0] }));
  const [faces, facesCost] = await measure('faces (1 fps + shot starts, descriptor per track)', () => vision.analyzeFaces(clip, { durationMs, shotStartsMs: cuts, descriptors: true }));
  const times = Array.from({ length: Math.ceil(durationMs / OBJECT_STEP_MS) }, (_, i) => i * OBJECT_STEP_MS);
  const [objects, objectsCost] = await measure(`objects (every ${OBJECT_STEP_MS / 1000} s)`, () => vision.detectObjects(clip, { durationMs, timesMs: times }));
  const intervals = mergeObjectIntervals(objects, OBJECT_STEP_MS, durationMs);
  await vision.close();

  const pool = new VisionWorkerPool(findVisionWorkerEntry()!, 1);
  const size = await analysisSize('ffprobe', clip);
  const everySecond = Array.from({ length: seconds }, (_, i) => i * 1000);
  await forEachFrame('ffmpeg', clip, size, [0], 1, async (_t, p) => void (await pool.run({ ...p, task: 'faces' }))); // load, not measured
  const [naiveFaces, naiveFacesCost] = await measure('naive faces (full pipeline on every 1 fps frame)', async () => {
    let n = 0;
    await forEachFrame('ffmpeg', clip, size, everySecond, 1, async (_t, p) => void (n += (await pool.run({ ...p, task: 'describe' })).faces.length));
    return n;
  });
  const [, naiveObjectsCost] = await measure('naive objects (every 1 fps frame)', () =>
    forEachFrame('ffmpeg', clip, size, everySecond, 1, async (_t, p) => void (await pool.run({ ...p, task: 'objects' }))));
  await pool.close();

  // Every shot shows one face: the crops, and the man at the dinner table.
  const facesShots = shots.length;
  return {
    load: loadCost, faces: facesCost, objects: objectsCost, naiveFaces: naiveFacesCost, naiveObjects: naiveObjectsCost,
    quality: {
      faceShots: facesShots, tracks: faces.tracks.length, described: faces.tracks.filter((t) => t.descriptor).length, framesLookedAt: faces.frames,
      objectIntervals: intervals.length, labels: [...new Set(intervals.map((i) => i.label))].sort(), naiveFaceDescriptors: naiveFaces,
    },
  };
}
