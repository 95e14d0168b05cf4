import type { SubjectSample } from '../../ports/delivery-renderer';

export type ShotMode = 'tracked' | 'center' | 'blurfill';

export interface ShotPlan {
  startMs: number;
  endMs: number;
  mode: ShotMode;
  /** Tracked shots: the crop's left edge as a share of the frame width, over shot-relative time. */
  keys: { tMs: number; left: number }[];
}

/** A shot is tracked when most of its samples see one subject; otherwise blur-fill shows the whole frame. */
const SINGLE_SUBJECT_SHARE = 0.6;
/** Zero-phase smoothing (forward then backward EMA): the offline render has the future, so no lag. */
const ALPHA = 0.45;
/** Moves smaller than this (share of the frame) are not followed: a steady crop reads better than jitter. */
const DEAD_ZONE = 0.01;

/**
 * Plans the reframe per shot (assistant.md R1; Premiere Auto Reframe and open-source reframers follow the
 * same shape): detections are smoothed within a shot and the state resets at every cut, so the crop
 * never drifts across a cut from one subject to the next.
 */
export function planShots(samples: readonly SubjectSample[], cutsMs: readonly number[], durationMs: number, cropShare: number, mode: 'auto' | 'center' | 'blurfill'): ShotPlan[] {
  const bounds = [0, ...cutsMs.filter((c) => c > 0 && c < durationMs).sort((a, b) => a - b), durationMs];
  const plans: ShotPlan[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const startMs = bounds[i]!;
    const endMs = bounds[i + 1]!;
    if (endMs - startMs < 1) continue;
    if (mode !== 'auto' || cropShare >= 1) {
      plans.push({ startMs, endMs, mode: cropShare >= 1 || mode === 'auto' ? 'center' : mode, keys: [] });
      continue;
    }
    const inShot = samples.filter((s) => s.tMs >= startMs && s.tMs < endMs);
    const seen = inShot.filter((s) => s.x !== null);
    if (inShot.length === 0 || seen.length / inShot.length < SINGLE_SUBJECT_SHARE) {
      plans.push({ startMs, endMs, mode: 'blurfill', keys: [] });
      continue;
    }
    // Gaps hold the nearest seen position.
    let last = seen[0]!.x!;
    const xs = inShot.map((s) => (s.x === null ? last : (last = s.x)));
    const smooth = zeroPhaseEma(xs, ALPHA);
    const half = cropShare / 2;
    let held = smooth[0]!;
    const keys = smooth.map((x, k) => {
      if (Math.abs(x - held) > DEAD_ZONE) held = x;
      const centre = Math.min(1 - half, Math.max(half, held));
      return { tMs: inShot[k]!.tMs - startMs, left: centre - half };
    });
    plans.push({ startMs, endMs, mode: 'tracked', keys });
  }
  return plans;
}

export function zeroPhaseEma(xs: readonly number[], alpha: number): number[] {
  const f: number[] = [];
  xs.forEach((x, i) => f.push(i === 0 ? x : alpha * x + (1 - alpha) * f[i - 1]!));
  const b = [...f];
  for (let i = b.length - 2; i >= 0; i--) b[i] = alpha * f[i]! + (1 - alpha) * b[i + 1]!;
  return b;
}
