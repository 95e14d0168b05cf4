import type { Rate } from '../schemas/common';
import { counting, framesInDay, frameToLabelIndex, isDroppedLabel, labelIndexToFrame } from './dropframe';
import { invalid, jsonSafe, requireInteger } from './guards';
import { isDropFrameCapable } from './rate';

export interface TimecodeOptions {
  /** SMPTE ST 12-1 drop-frame labels; only at 29.97 and 59.94. */
  dropFrame?: boolean;
}

/**
 * HH:MM:SS:FF, or HH:MM:SS;FF in drop-frame, with ;;; / . / , accepted before the frames.
 * The frames field is as wide as the largest frame number (two digits up to 100 fps).
 */
const TIMECODE = /^(\d{2})([:;])(\d{2})\2(\d{2})([:;.,])(\d{2,3})$/;

const frameWidth = (fps: number): number => Math.max(2, String(fps - 1).length);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Frames in one 24-hour day of timecode; framesToTimecode refuses this many or more. */
export function framesPerDay(rate: Rate, opts: TimecodeOptions = {}): number {
  return framesInDay(counting(rate, opts.dropFrame ?? false));
}

/**
 * Frame count → SMPTE ST 12-1 label. Timecode is a 24-hour clock, but this never wraps silently:
 * a count of a day or more throws, as do negative counts and dropFrame at a rate without it.
 */
export function framesToTimecode(frames: number, rate: Rate, opts: TimecodeOptions = {}): string {
  requireInteger(frames, 'frames', { nonNegative: true });
  const c = counting(rate, opts.dropFrame ?? false);
  if (frames >= framesInDay(c)) {
    throw invalid('Frame count is 24 hours or more; timecode does not wrap', { frames, rate, dropFrame: c.drop > 0 });
  }
  const label = frameToLabelIndex(frames, c);
  const ff = label % c.fps;
  const totalSeconds = (label - ff) / c.fps;
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}${c.drop ? ';' : ':'}${pad(ff, frameWidth(c.fps))}`;
}

/**
 * SMPTE label → frame count. A ';', '.' or ',' before the frames means drop-frame unless
 * opts.dropFrame says otherwise. Rejects hours ≥ 24, minutes or seconds ≥ 60, frames ≥ the
 * nominal fps, and labels drop-frame skips (00:01:00;00 at 29.97 does not exist).
 */
export function timecodeToFrames(tc: string, rate: Rate, opts: TimecodeOptions = {}): number {
  const m = TIMECODE.exec(typeof tc === 'string' ? tc.trim() : '');
  const [, h, sep, mi, s, frameSep, f] = m ?? [];
  if (!m || h === undefined || mi === undefined || s === undefined || f === undefined || (sep === ';' && frameSep !== ';')) {
    throw invalid(`Unrecognised timecode "${String(tc)}"`, { input: jsonSafe(tc) });
  }
  const dropFrame = opts.dropFrame ?? frameSep !== ':';
  if (dropFrame && opts.dropFrame === undefined && !isDropFrameCapable(rate)) {
    throw invalid(`Timecode "${tc}" has a drop-frame separator, but the rate has no drop-frame; pass { dropFrame: false }`, { input: tc, rate });
  }
  const c = counting(rate, dropFrame);
  const [hh, mm, ss, ff] = [h, mi, s, f].map(Number) as [number, number, number, number];
  const fail = (why: string): never => {
    throw invalid(`Timecode "${tc}" ${why}`, { input: tc, rate, dropFrame: c.drop > 0 });
  };
  if (f.length !== frameWidth(c.fps)) fail(`needs ${frameWidth(c.fps)} frame digits`);
  if (hh >= 24) fail('is past 24 hours');
  if (mm >= 60 || ss >= 60) fail('has minutes or seconds of 60 or more');
  if (ff >= c.fps) fail(`has frame ${ff}, but frames run 0–${c.fps - 1}`);
  if (isDroppedLabel(mm, ss, ff, c)) fail('is a label drop-frame skips (SMPTE ST 12-1)');
  return labelIndexToFrame(((hh * 60 + mm) * 60 + ss) * c.fps + ff, c);
}
