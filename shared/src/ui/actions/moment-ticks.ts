import type { Asset, Moment, Rate } from '../../schemas/index';
import { framesToTicks, msToFrames } from '../../timecode/index';
import { AppError } from '../../errors/index';

/** The media's own rate; images and audio fall back to 25 fps so a range still maps to whole frames. */
export function assetRate(asset: Asset): Rate {
  return asset.technical?.rate ?? { num: 25, den: 1 };
}

export interface TickRange {
  inTicks: string;
  outTicks: string;
  inFrame: number;
  outFrame: number;
}

/**
 * A moment [startMs, endMs) as frame-exact Premiere ticks relative to a file that starts at `originMs`
 * of the asset (0 for the whole file; X-Cutaway-In-Ms for a cut). In snaps down to the frame on screen
 * at startMs, out up to the next frame boundary, so the range never loses a spoken word's last frame.
 * Frames, not ms, are subtracted: the origin is a keyframe, so it is itself a frame boundary.
 */
export function momentTicks(range: { startMs: number; endMs: number }, rate: Rate, originMs = 0): TickRange {
  if (range.endMs <= range.startMs) throw new AppError('media.range_invalid', `empty range ${range.startMs}–${range.endMs} ms`);
  const origin = msToFrames(originMs, rate, 'round');
  const inFrame = Math.max(0, msToFrames(range.startMs, rate, 'floor') - origin);
  const outFrame = Math.max(inFrame + 1, msToFrames(range.endMs, rate, 'ceil') - origin);
  return { inTicks: framesToTicks(inFrame, rate), outTicks: framesToTicks(outFrame, rate), inFrame, outFrame };
}

export const momentRange = (m: Pick<Moment, 'startMs' | 'endMs'>) => ({ startMs: m.startMs, endMs: m.endMs });
