import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { AppError, msToFrames, type Rate } from '@cutaway/shared';
import type { ExactSession, LiveSegment, PreparedHead } from '../../ports/live-recorder';
import { AdtsFramer } from './adts-frames';
import { liveVideoArgs } from './live-encode';
import { EDGE_SPEED, framesIn, quoted, startStreaming as start, writeSegment } from './live-edges';
import { runTool } from './run';

/** After the out-point the mux has a tail GOP and an index left: seconds, not minutes. */
const FINISH_TIMEOUT_MS = 60_000;
const seconds = (frames: number, rate: Rate) => ((frames * rate.den) / rate.num).toFixed(6);

/**
 * The exact pass, streamed (LiveCutter.openExact). One mov mux runs from the moment the head GOP exists:
 *   video  — the concat demuxer over [head GOP, `pipe:3`]: the middle segments' bytes are written into fd 3 as they
 *            are recorded (one run's MPEG-TS, continuous timestamps), then the tail GOP, re-encoded with the segment's
 *            own timestamps so it continues the same stream; fd 3 then closes and the stream ends with the out-frame.
 *   audio  — `pipe:4`, ADTS from a second ffmpeg that stream-copies the audio of the same segments from the in-point
 *            (`-ss`, as the whole pass does); AdtsFramer stops it at the clip's video length once the out-point is known.
 * So the copy of a long middle happens while the clip is still being recorded, and after the out-point only the
 * tail GOP, the last segment's audio and the index are left. Pipes, not FIFOs: a dead ffmpeg fails our writes
 * (EPIPE) instead of blocking a thread forever. Both inputs are read by their own threads in ffmpeg
 * (`-thread_queue_size`), and our two feeds are independent, so neither waits on the other.
 */
export class FfmpegExactSession implements ExactSession {
  readonly middle: LiveSegment[] = [];
  readonly headRef: string;
  readonly inFrame: number;
  private broken: unknown = null;
  private videoFeed: Promise<void> = Promise.resolve();
  private audioFeed: Promise<void> = Promise.resolve();
  private readonly framer = new AdtsFramer();
  private aborted = false;

  private constructor(
    private readonly opts: { ffmpegPath: string },
    private readonly input: { head: PreparedHead; headSegment: LiveSegment; rate: Rate; encode: { videoBitrateKbps: number } },
    private readonly tailPath: string,
    private readonly mux: { child: ChildProcess; done: Promise<void> },
    private readonly audio: { child: ChildProcess; done: Promise<void> } | null,
  ) {
    this.headRef = input.head.segmentRef;
    this.inFrame = input.head.inFrame;
    // A pipe whose reader died reports EPIPE as an 'error' event: recorded, never thrown out of the process.
    for (const stream of [mux.child.stdio[3], mux.child.stdio[4], audio?.child.stdin, audio?.child.stdout]) stream?.on('error', (err) => this.break(err));
    mux.done.catch((err: unknown) => this.break(err));
    audio?.done.catch((err: unknown) => this.break(err));
    this.pipeAudio();
  }

  static async open(
    opts: { ffmpegPath: string; ffprobePath: string },
    input: { head: PreparedHead; headSegment: LiveSegment; rate: Rate; encode: { videoBitrateKbps: number }; expectedMs: number },
    outPath: string,
  ): Promise<FfmpegExactSession> {
    const { head, headSegment, rate } = input;
    if (head.segmentRef !== headSegment.ref) throw new AppError('internal', 'The head was made for another segment');
    const dir = dirname(outPath);
    const tailPath = join(dir, 'tail.ts');
    const videoList = join(dir, 'video.list');
    await writeFile(videoList, `ffconcat version 1.0\nfile ${quoted(head.path)}\nduration ${seconds(head.frames, rate)}\nfile 'pipe:3'\n`);
    const { stdout } = await runTool(opts.ffprobePath, ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=index', '-of', 'csv=p=0', headSegment.ref], { failCode: 'media.probe_failed', hidePaths: [headSegment.ref] });
    const hasAudio = stdout.trim().length > 0;
    // The index is reserved at the front as in the whole pass (live-cutter.ts), sized for the expected length plus
    // two segments; if the clip ran longer the mux fails at the end and the whole pass takes over.
    const expectedS = input.expectedMs / 1000 + 2 * (headSegment.durationMs / 1000);
    const moovBytes = 65_536 + 24 * Math.ceil(expectedS * (rate.num / rate.den + 48_000 / 1024));
    const q = ['-thread_queue_size', '4096'];
    const mux = start(opts.ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      ...q, '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', videoList,
      ...(hasAudio ? [...q, '-f', 'aac', '-i', 'pipe:4'] : []),
      '-map', '0:v:0', ...(hasAudio ? ['-map', '1:a:0'] : []), '-c', 'copy', '-moov_size', String(moovBytes), outPath,
    ], ['ignore', 'ignore', 'pipe', 'pipe', hasAudio ? 'pipe' : 'ignore']);
    const audio = hasAudio
      ? start(opts.ffmpegPath, [
        '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'mpegts', '-i', 'pipe:0',
        '-map', '0:a:0', '-ss', seconds(head.inFrame, rate), '-c', 'copy', '-f', 'adts', 'pipe:1',
      ], ['pipe', 'pipe', 'pipe'])
      : null;
    const session = new FfmpegExactSession(opts, input, tailPath, mux, audio);
    // The audio starts with the head's segment (its in-point is trimmed by -ss); the video's head is the GOP file.
    session.feedAudio(headSegment);
    return session;
  }

  get usable(): boolean {
    return this.broken === null && !this.aborted;
  }

  append(segment: LiveSegment): void {
    const prev = this.middle[this.middle.length - 1] ?? this.input.headSegment;
    if (segment.run !== prev.run || segment.seq !== prev.seq + 1) return this.break(new AppError('internal', 'The middle does not continue one recorder run'));
    this.middle.push(segment);
    if (!this.usable) return;
    this.videoFeed = this.videoFeed.then(() => this.copy(segment, this.videoSink())).catch((err: unknown) => this.break(err));
    this.feedAudio(segment);
  }

  async finish(last: LiveSegment, outOffsetMs: number): Promise<{ frames: number; rate: Rate }> {
    const { rate } = this.input;
    const prev = this.middle[this.middle.length - 1];
    if (!prev) throw new AppError('internal', 'No middle segment: the whole pass is cheaper');
    if (last.run !== prev.run || last.seq !== prev.seq + 1) throw new AppError('internal', 'The last segment does not continue the run');
    if (this.broken) throw this.broken;
    const outFrame = Math.min(msToFrames(outOffsetMs, rate, 'floor'), framesIn(last, rate) - 1);
    const frames = this.input.head.frames + this.middle.reduce((n, s) => n + framesIn(s, rate), 0) + outFrame + 1;
    if (this.audio) {
      // The audio's end is known from the frame count alone, so the last segment's audio goes in while the tail
      // encodes. As `-t` on a stream copy: AAC frames until the audio covers the video (ADTS: 1024 samples a block).
      const sampleRate = this.framer.sampleRate ?? 48_000;
      const limit = Math.ceil(((frames * rate.den) / rate.num) * sampleRate / 1024 - 1e-9) * 1024;
      if (this.framer.samples > limit) throw new AppError('internal', 'More audio than the clip was passed on');
      this.framer.setLimit(limit);
      this.feedAudio(last);
      const stdin = this.audio.child.stdin!;
      this.audioFeed = this.audioFeed.then(() => new Promise<void>((r) => stdin.end(r))).catch((err: unknown) => this.break(err));
      if (this.framer.full) this.endAudioSink();
    }
    // The tail keeps the segment's own timestamps (-copyts, a 90 kHz encoder time base, no muxer offset), so it
    // continues the middle in the same MPEG-TS stream and the demuxer places its frames exactly.
    await runTool(this.opts.ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-copyts', '-i', last.ref, '-map', '0:v:0', '-vf', `trim=end_frame=${outFrame + 1}`,
      '-fps_mode', 'passthrough', '-enc_time_base:v', '1:90000', ...liveVideoArgs(this.input.encode.videoBitrateKbps), ...EDGE_SPEED,
      '-mpegts_copyts', '1', '-f', 'mpegts', this.tailPath,
    ]);
    const sink = this.videoSink();
    const tail = { ...last, ref: this.tailPath };
    this.videoFeed = this.videoFeed.then(() => this.copy(tail, sink)).then(() => new Promise<void>((r) => sink.end(r))).catch((err: unknown) => this.break(err));
    // The mux ends only after both feeds have; if it dies first, that is the answer. A stall is given up on, so the
    // whole pass can cut instead of the clip waiting for ever.
    let stalled: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      stalled = setTimeout(() => reject(new AppError('media.process_failed', 'The streamed exact pass stalled')), FINISH_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all([this.videoFeed, this.audioFeed, this.mux.done]), limit]);
    } finally {
      clearTimeout(stalled);
    }
    if (this.broken) throw this.broken;
    await this.abort(); // the audio reader may still be draining what was cut off
    return { frames, rate };
  }

  async abort(): Promise<void> {
    this.aborted = true;
    for (const p of [this.mux, this.audio]) {
      if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }
    await Promise.allSettled([this.mux.done, this.audio?.done]);
  }

  private videoSink(): Writable {
    return this.mux.child.stdio[3] as Writable;
  }

  private feedAudio(segment: LiveSegment): void {
    if (!this.audio) return;
    const stdin = this.audio.child.stdin!;
    this.audioFeed = this.audioFeed.then(() => this.copy(segment, stdin)).catch((err: unknown) => this.break(err));
  }

  private async copy(segment: LiveSegment, sink: Writable): Promise<void> {
    if (this.usable) await writeSegment(segment, sink);
  }

  /** ADTS from the audio reader, whole frames only, up to the limit, with backpressure from the mux. */
  private pipeAudio(): void {
    if (!this.audio) return;
    const source = this.audio.child.stdout!;
    const sink = this.mux.child.stdio[4] as Writable;
    source.on('data', (chunk: Buffer) => {
      if (this.framer.full) return;
      let frames: Buffer[];
      try {
        frames = this.framer.push(chunk);
      } catch (err) {
        return this.break(err);
      }
      let ok = true;
      for (const f of frames) ok = sink.write(f) && ok;
      if (this.framer.full) this.endAudioSink();
      else if (!ok) {
        source.pause();
        sink.once('drain', () => source.resume());
      }
    });
    // The reader ran out before the limit (the source's audio ended early): the clip has what exists.
    source.on('end', () => this.endAudioSink());
  }

  private endAudioSink(): void {
    const sink = this.mux.child.stdio[4] as Writable | null;
    if (sink && !sink.writableEnded) sink.end();
  }

  private break(err: unknown): void {
    this.broken ??= err ?? new AppError('internal', 'exact session failed');
  }
}
