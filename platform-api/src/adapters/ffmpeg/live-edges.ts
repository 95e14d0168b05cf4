/** What the whole and the streamed exact pass share (live-cutter.ts, live-exact-session.ts). */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Rate } from '@cutaway/shared';
import type { LiveSegment } from '../../ports/live-recorder';

/** The concat demuxer's list syntax: single quotes escaped as '\'' (ffmpeg-formats "concat"). */
export const quoted = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/**
 * Faster motion search for the edge GOPs only: subme/me/trellis steer the encoder's search and appear in no SPS or PPS
 * field (H.264 §7.3.2.1, §7.3.2.2), so the re-encoded GOPs still join the copied middle as one stream. A faster
 * preset would not: x264 presets change ref frames (SPS) and 8x8 transform / weighted prediction (PPS).
 */
export const EDGE_SPEED = ['-x264-params', 'subme=1:me=dia:trellis=0'];
export const framesIn = (s: LiveSegment, rate: Rate) => Math.round((s.durationMs * rate.num) / (rate.den * 1000));

/**
 * One segment's bytes into a long-lived pipe, with backpressure. A segment is a few hundred KB: read whole, written
 * once (stream pipelines with `end: false` would leave their listeners on the pipe, one set per segment).
 */
export async function writeSegment(segment: LiveSegment, sink: Writable): Promise<void> {
  const bytes = await readFile(segment.ref);
  if (!sink.write(bytes)) await once(sink, 'drain');
}
