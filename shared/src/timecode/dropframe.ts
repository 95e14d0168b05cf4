import type { Rate } from '../schemas/common';
import { invalid } from './guards';
import { isDropFrameCapable, nominalFps } from './rate';

/**
 * How a rate counts timecode labels. A "label index" is a label read as if nothing were dropped:
 * ((hh·60 + mm)·60 + ss)·fps + ff. In drop-frame (SMPTE ST 12-1) it runs ahead of the frame count.
 */
export interface Counting {
  fps: number;
  /** Labels skipped at the start of every minute not divisible by ten: 2 at 29.97, 4 at 59.94; 0 for NDF. */
  drop: number;
}

export function counting(rate: Rate, dropFrame: boolean): Counting {
  const fps = nominalFps(rate);
  if (!dropFrame) return { fps, drop: 0 };
  if (!isDropFrameCapable(rate)) throw invalid('Drop-frame exists only at 29.97 and 59.94', { rate });
  return { fps, drop: fps / 15 };
}

/** Real frames in 24 hours of labels: 2 589 408 at 29.97 DF, 2 592 000 at 29.97 NDF. */
export function framesInDay({ fps, drop }: Counting): number {
  return 144 * (fps * 600 - 9 * drop);
}

/** Frame count → label index: add back the labels dropped so far (9 per ten minutes, none in minute 0). */
export function frameToLabelIndex(frames: number, { fps, drop }: Counting): number {
  if (drop === 0) return frames;
  const perTenMinutes = fps * 600 - 9 * drop;
  const perMinute = fps * 60 - drop; // every minute but the first of a ten-minute block
  const tens = Math.floor(frames / perTenMinutes);
  const rest = frames % perTenMinutes;
  const droppedInBlock = rest < drop ? 0 : drop * Math.floor((rest - drop) / perMinute);
  return frames + 9 * drop * tens + droppedInBlock;
}

/** Label index → frame count: subtract the labels dropped in every elapsed minute except each tenth. */
export function labelIndexToFrame(label: number, { fps, drop }: Counting): number {
  const minutes = Math.floor(label / (fps * 60));
  return label - drop * (minutes - Math.floor(minutes / 10));
}

/** True for a label that drop-frame skips, e.g. 00:01:00;00 and 00:01:00;01 at 29.97. */
export function isDroppedLabel(minutes: number, seconds: number, frames: number, { drop }: Counting): boolean {
  return drop > 0 && minutes % 10 !== 0 && seconds === 0 && frames < drop;
}
