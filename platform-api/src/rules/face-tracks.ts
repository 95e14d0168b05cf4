import type { Box, FaceDetection } from '../ports/vision';

/**
 * Face tracking through a shot (issue 17): a detection joins the open track whose last box it
 * overlaps most (IoU ≥ MIN_IOU) in the frame before; a track ends at a shot start or after
 * MAX_GAP_MS without a match. Each track keeps its best face: detector score × apparent size,
 * which favours large, frontal, sharp faces (the ones a descriptor and a thumbnail need).
 */
export const MIN_IOU = 0.25;
export const MAX_GAP_MS = 2500;

export interface Track {
  id: number;
  startMs: number;
  endMs: number;
  lastBox: Box;
  best: { atMs: number; box: Box; quality: number };
}

export function iou(a: Box, b: Box): number {
  const x = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const y = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = x * y;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter || 1);
}

/** Score × size, 0–1: a face filling a third of the picture height at full confidence scores 1. */
export function faceQuality(d: FaceDetection): number {
  return Math.round(Math.min(1, d.score * Math.min(1, Math.sqrt(d.box[2] * d.box[3]) * 3)) * 1000) / 1000;
}

export class FaceTracker {
  #open: Track[] = [];
  #nextId = 1;
  #shotStarts: number[];

  /** `shotStartsMs` ascending; a frame at or after the next shot start closes every open track. */
  constructor(shotStartsMs: readonly number[]) {
    this.#shotStarts = [...shotStartsMs];
  }

  /** Feeds one sampled frame; returns the tracks this frame closed. */
  push(atMs: number, faces: readonly FaceDetection[]): Track[] {
    const closed: Track[] = [];
    let cut = false;
    while (this.#shotStarts.length && this.#shotStarts[0]! <= atMs) {
      this.#shotStarts.shift();
      cut = true;
    }
    if (cut) closed.push(...this.#open.splice(0));
    for (const t of [...this.#open]) {
      if (atMs - t.endMs > MAX_GAP_MS) closed.push(...this.#open.splice(this.#open.indexOf(t), 1));
    }
    const taken = new Set<Track>();
    // Strongest faces pick first, so two faces near each other do not swap tracks.
    for (const face of [...faces].sort((a, b) => b.score - a.score)) {
      let best: Track | null = null;
      let bestIou = MIN_IOU;
      for (const t of this.#open) {
        if (taken.has(t)) continue;
        const overlap = iou(t.lastBox, face.box);
        if (overlap >= bestIou) [best, bestIou] = [t, overlap];
      }
      const quality = faceQuality(face);
      if (best) {
        best.endMs = atMs;
        best.lastBox = face.box;
        if (quality > best.best.quality) best.best = { atMs, box: face.box, quality };
        taken.add(best);
      } else {
        const t: Track = { id: this.#nextId++, startMs: atMs, endMs: atMs, lastBox: face.box, best: { atMs, box: face.box, quality } };
        this.#open.push(t);
        taken.add(t);
      }
    }
    return closed;
  }

  openTracks(): readonly Track[] {
    return this.#open;
  }

  /** Closes what is still open (end of media). */
  finish(): Track[] {
    return this.#open.splice(0);
  }
}

/**
 * When to look (issue 17: about 1 fps, denser around shot starts): every `stepMs`, plus the cut
 * itself and 500 ms into each shot, so a face in a short shot is still seen and its track starts
 * at the cut. Ascending, unique, inside the media. (Two extra looks per cut, not more: the budget.)
 */
export function faceSampleTimes(durationMs: number, shotStartsMs: readonly number[], stepMs = 1000): number[] {
  const times = new Set<number>();
  for (let t = 0; t < durationMs; t += stepMs) times.add(t);
  for (const s of shotStartsMs) for (const d of [0, 500]) if (s + d < durationMs) times.add(Math.round((s + d) / 250) * 250);
  return [...times].sort((a, b) => a - b);
}
