import type { ChildProcess } from 'node:child_process';
import { AppError } from '@cutaway/shared';
import type { InstantSession, LiveSegment } from '../../ports/live-recorder';
import { startStreaming, writeSegment } from './live-edges';

/**
 * The instant pass, streamed (LiveCutter.openInstant): one ffmpeg stream-copies the clip's whole segments from stdin
 * into the MP4 while they are recorded — the same bytes the whole pass joins with `concatf` — so when the segment
 * holding the out-point closes only that segment and the index are left, whatever the clip's length.
 */
export class FfmpegInstantSession implements InstantSession {
  readonly segments: LiveSegment[] = [];
  private broken: unknown = null;
  private feed: Promise<void> = Promise.resolve();
  private readonly done: Promise<void>;
  private readonly child: ChildProcess;

  constructor(opts: { ffmpegPath: string }, expectedMs: number, outPath: string) {
    // The index reserved up front, as in the whole pass (live-cutter.ts), for the expected length plus 10 %.
    const moovBytes = 65_536 + 24 * Math.ceil((expectedMs / 1000) * 1.1 * (60 + 48_000 / 1024));
    ({ child: this.child, done: this.done } = startStreaming(opts.ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-thread_queue_size', '4096', '-f', 'mpegts', '-i', 'pipe:0',
      '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-moov_size', String(moovBytes), outPath,
    ], ['pipe', 'ignore', 'pipe']));
    this.child.stdin!.on('error', (e) => this.break(e));
    this.done.catch((e: unknown) => this.break(e));
  }

  get usable(): boolean {
    return this.broken === null;
  }

  append(segment: LiveSegment): void {
    const prev = this.segments[this.segments.length - 1];
    if (prev && (segment.run !== prev.run || segment.seq !== prev.seq + 1)) return this.break(new AppError('internal', 'The segments do not continue one recorder run'));
    this.segments.push(segment);
    const stdin = this.child.stdin!;
    this.feed = this.feed.then(async () => {
      if (this.usable) await writeSegment(segment, stdin);
    }).catch((e: unknown) => this.break(e));
  }

  async finish(): Promise<void> {
    if (!this.segments.length) throw new AppError('internal', 'No segment was fed');
    const stdin = this.child.stdin!;
    this.feed = this.feed.then(() => new Promise<void>((r) => stdin.end(r)));
    await Promise.all([this.feed, this.done]);
    if (this.broken) throw this.broken;
  }

  async abort(): Promise<void> {
    this.break(new AppError('internal', 'aborted'));
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.done.catch(() => undefined);
  }

  private break(err: unknown): void {
    this.broken ??= err ?? new AppError('internal', 'instant session failed');
  }
}
