/** What the whole and the streamed exact pass share (live-cutter.ts, live-exact-session.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { AppError, type Rate } from '@cutaway/shared';
import type { LiveSegment } from '../../ports/live-recorder';
import { toolReason } from './run';

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

/** A child process with its stderr tail and a promise of how it ended. */
export function startStreaming(bin: string, args: string[], stdio: Array<'pipe' | 'ignore'>): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(bin, args, { stdio, windowsHide: true });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8 * 1024)));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new AppError('media.process_failed', `ffmpeg could not start: ${e.message}`)));
    child.on('close', (code, sig) => (code === 0 ? resolve() : reject(new AppError('media.process_failed', `ffmpeg failed: ${toolReason(err) || `exited with ${sig ?? `code ${code}`}`}`, { stderr: err }))));
  });
  done.catch(() => undefined);
  return { child, done };
}
