import type { LiveSegment } from '../../ports/live-recorder';

/** Two segments further apart than this have a hole between them (a frame at 25 fps is 40 ms). */
export const GAP_TOLERANCE_MS = 100;

export interface ClipPlan {
  segments: LiveSegment[];
  /** Into the first segment: the in-point (0 when the in-point fell in a hole before it). */
  inOffsetMs: number;
  /** Into the last segment: the out-point (its end when the out-point fell in a hole after it). */
  outOffsetMs: number;
  /** What the instant pass covers: whole segments. */
  instant: { fromMs: number; toMs: number };
  /** What the exact pass covers. */
  exact: { fromMs: number; toMs: number };
  /** Parts of [inMs, outMs] nothing was recorded for. */
  holes: Array<{ startMs: number; endMs: number }>;
}

const end = (s: LiveSegment) => s.startMs + s.durationMs;

/**
 * Which buffer segments make the clip [inMs, outMs] (the frame at outMs included), and where the
 * source left holes. Null when nothing at all was recorded in the range.
 */
export function planClip(all: readonly LiveSegment[], inMs: number, outMs: number): ClipPlan | null {
  const segments: LiveSegment[] = [];
  for (const s of all) {
    if (s.startMs > outMs || end(s) <= inMs) continue;
    const prev = segments[segments.length - 1];
    // Two runs' clocks can overlap by a few ms after a restart: never play the same moment twice.
    if (prev && s.startMs < end(prev) - GAP_TOLERANCE_MS) continue;
    segments.push(s);
  }
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return null;
  const holes: ClipPlan['holes'] = [];
  if (inMs < first.startMs - GAP_TOLERANCE_MS) holes.push({ startMs: inMs, endMs: first.startMs });
  for (let i = 1; i < segments.length; i++) {
    const gapStart = end(segments[i - 1]!);
    if (segments[i]!.startMs - gapStart > GAP_TOLERANCE_MS) holes.push({ startMs: gapStart, endMs: segments[i]!.startMs });
  }
  if (outMs >= end(last) + GAP_TOLERANCE_MS) holes.push({ startMs: end(last), endMs: outMs });
  const inOffsetMs = Math.max(0, inMs - first.startMs);
  const outOffsetMs = Math.min(outMs - last.startMs, last.durationMs - 1);
  return {
    segments,
    inOffsetMs,
    outOffsetMs,
    instant: { fromMs: first.startMs, toMs: end(last) },
    exact: { fromMs: first.startMs + inOffsetMs, toMs: last.startMs + outOffsetMs },
    holes,
  };
}
