import type { DescribedTrack } from '../../ports/people-store';

/**
 * Euclidean distance between unit-length FaceRes descriptors (0 = identical, 2 = opposite).
 * Calibrated on the face crops shipped in @vladmandic/human's assets (test/vision/faces-media.ts):
 * the same man in five different photos 0.58–0.79, different people 0.95–1.27. The default
 * threshold sits between: docs/faces-objects.md.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.88;

export function distance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - (b[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}

/**
 * The person a new face belongs to: the nearest already grouped face (single linkage) closer than
 * `threshold`, skipping people this face was rejected from and faces of the same asset that
 * overlap it in time (two faces on screen at once are two people). null: a new person.
 */
export function nearestPerson(
  descriptor: Float32Array,
  library: readonly DescribedTrack[],
  threshold: number,
  exclude: { people?: ReadonlySet<string>; tracks?: ReadonlySet<string> } = {},
): { personId: string; distance: number } | null {
  let best: { personId: string; distance: number } | null = null;
  for (const t of library) {
    if (!t.personId || exclude.people?.has(t.personId) || exclude.tracks?.has(t.id)) continue;
    const d = distance(descriptor, t.descriptor);
    if (d < threshold && (!best || d < best.distance)) best = { personId: t.personId, distance: d };
  }
  return best;
}
