import { AppError, framesToMs, msToFrames, timecodeToFrames, type Rate } from '@cutaway/shared';

/**
 * Frame.io comment time → the Cutaway asset's own frame and ms.
 *
 * Frame-numbering base: V4 returns `timestamp` as an integer frame number that starts at 1
 * (V4 migration guide: "framestamp … starting from 1"; V2 counted from 0), so frame 1 is the
 * first frame of the uploaded file. `frameBase` makes the base configurable while the ⚠ in
 * docs/frameio.md stands. With `timestamp_as_timecode=true` the value is "HH:MM:SS:FF" from
 * 00:00:00:00 at the file's first frame, `;` before the frames meaning drop-frame (SMPTE ST 12-1),
 * counted by shared/timecode. Drop-frame only relabels frames, so the frame count — and the
 * ms — are the same either way; only the display timecode differs.
 */
export interface CommentTimeContext {
  rate: Rate;
  dropFrame: boolean;
  frameBase: 0 | 1;
  /** Where the pushed file starts in the asset (a keyframe-widened cut); 0 for a whole-file push. */
  cutInMs: number;
}

export interface AssetTime {
  /** Zero-based frame of the asset. */
  frame: number;
  startMs: number;
  endMs: number;
}

/** The zero-based frame of the uploaded file a comment points at; null for a comment on the whole file. */
export function commentFileFrame(timestamp: unknown, ctx: Pick<CommentTimeContext, 'rate' | 'frameBase'>): number | null {
  if (timestamp === null || timestamp === undefined) return null;
  if (typeof timestamp === 'number' && Number.isInteger(timestamp)) return Math.max(0, timestamp - ctx.frameBase);
  if (typeof timestamp === 'string' && /^\d{2}:\d{2}:\d{2}[:;]\d{2}$/.test(timestamp)) {
    // The separator decides: Frame.io writes `;` for drop-frame files and `:` otherwise.
    return timecodeToFrames(timestamp, ctx.rate, { dropFrame: timestamp.includes(';') });
  }
  throw new AppError('frameio.request_failed', `Unrecognised Frame.io comment timestamp ${JSON.stringify(timestamp)}`, { timestamp });
}

/**
 * Maps a frame of the uploaded file to the asset. Start ms is rounded up to the next whole ms so
 * that msToFrames(startMs) — what moment timecodes are built from — lands on exactly this frame.
 */
export function toAssetTime(fileFrame: number, durationFrames: number | null, ctx: CommentTimeContext): AssetTime {
  const frame = msToFrames(ctx.cutInMs, ctx.rate, 'round') + fileFrame;
  const length = Math.max(1, durationFrames ?? 1);
  return { frame, startMs: framesToMs(frame, ctx.rate, 'ceil'), endMs: framesToMs(frame + length, ctx.rate, 'ceil') };
}
