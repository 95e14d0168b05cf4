import type { ObjectDetection, VisionFrame } from '../ports/vision';
import { OBJECT_PREFIX } from './visual-moments';

/** A label held from startMs to endMs (issue 17: "boat 00:00:27:00–00:00:41:15"). */
export interface ObjectInterval {
  label: string;
  startMs: number;
  endMs: number;
  /** Highest detector score inside the interval. */
  score: number;
  samples: number;
}

/** Detections below this are noise for CenterNet on broadcast pictures. */
export const MIN_SCORE = 0.4;
/** An interval seen in one sample only must be this sure. */
export const SINGLE_SAMPLE_SCORE = 0.55;

/**
 * Merges per-frame labels into intervals per label: consecutive samples (no more than 1.5 steps
 * apart) extend an interval; each interval ends half a step after its last sample, inside the media.
 */
export function mergeObjectIntervals(frames: ReadonlyArray<VisionFrame<ObjectDetection>>, stepMs: number, durationMs: number): ObjectInterval[] {
  const open = new Map<string, ObjectInterval & { lastMs: number }>();
  const done: ObjectInterval[] = [];
  const close = (i: ObjectInterval & { lastMs: number }) => {
    if (i.samples > 1 || i.score >= SINGLE_SAMPLE_SCORE) {
      done.push({ label: i.label, startMs: i.startMs, endMs: Math.max(i.startMs + 1, Math.min(durationMs || Infinity, i.lastMs + Math.round(stepMs / 2))), score: i.score, samples: i.samples });
    }
  };
  for (const f of [...frames].sort((a, b) => a.atMs - b.atMs)) {
    const best = new Map<string, number>();
    for (const d of f.items) if (d.score >= MIN_SCORE) best.set(d.label, Math.max(best.get(d.label) ?? 0, d.score));
    for (const [label, i] of open) {
      // A gap of more than 1.5 steps ends the interval, whether or not the label is back in this frame.
      if (f.atMs - i.lastMs > stepMs * 1.5) {
        close(i);
        open.delete(label);
      }
    }
    for (const [label, score] of best) {
      const i = open.get(label);
      if (i) Object.assign(i, { lastMs: f.atMs, score: Math.max(i.score, score), samples: i.samples + 1 });
      else open.set(label, { label, startMs: f.atMs, endMs: f.atMs, lastMs: f.atMs, score, samples: 1 });
    }
  }
  for (const i of open.values()) close(i);
  return done.sort((a, b) => a.startMs - b.startMs || a.label.localeCompare(b.label));
}

/**
 * Everyday words for COCO classes, written into the row so "ship" finds a boat and "lorry" a truck.
 * Operators add their own through the vocabulary (alias groups apply to every query).
 */
export const COCO_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  person: ['people', 'man', 'woman', 'pedestrian'],
  bicycle: ['bike', 'cyclist'],
  car: ['automobile', 'vehicle'],
  motorcycle: ['motorbike', 'scooter'],
  airplane: ['aeroplane', 'plane', 'aircraft', 'jet'],
  bus: ['coach'],
  train: ['railway', 'locomotive'],
  truck: ['lorry', 'vehicle'],
  boat: ['ship', 'vessel', 'ferry'],
  'traffic light': ['traffic signal'],
  'fire hydrant': ['hydrant'],
  'stop sign': ['road sign'],
  bench: ['seat'],
  dog: ['puppy'],
  cat: ['kitten'],
  horse: ['pony'],
  cow: ['cattle'],
  'cell phone': ['phone', 'mobile', 'smartphone'],
  laptop: ['computer', 'notebook'],
  tv: ['television', 'screen'],
  cup: ['mug'],
  'wine glass': ['glass'],
  'dining table': ['table'],
  couch: ['sofa'],
  umbrella: ['parasol'],
  handbag: ['bag', 'purse'],
  'sports ball': ['ball', 'football'],
};

/** Row text: prefix, label, then its everyday words. */
export function objectText(label: string): string {
  const words = COCO_SYNONYMS[label] ?? [];
  return `${OBJECT_PREFIX} ${label}${words.length ? ` (${words.join(', ')})` : ''}`;
}
