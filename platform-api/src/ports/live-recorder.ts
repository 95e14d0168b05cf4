import type { Readable } from 'node:stream';
import type { Rate } from '@cutaway/shared';

/** One finished HLS segment of a channel's rolling buffer, placed on the wall clock. */
export interface LiveSegment {
  /** Recorder runs are numbered per channel; a restart starts a new run (an HLS discontinuity). */
  run: number;
  seq: number;
  /** Wall-clock start (epoch ms) of the segment's first frame. */
  startMs: number;
  durationMs: number;
  sizeBytes: number;
  /** Opaque to services: where the adapter keeps the segment (the cutter understands it). */
  ref: string;
  /**
   * False while the run's wall-clock placement may still be refined (its first few segments): start times of the
   * run can shift a little until a segment with `settled` true arrives.
   */
  settled: boolean;
}

export interface RecorderSpec {
  channelId: string;
  run: number;
  inputUrl: string;
  segmentSeconds: number;
  /** How many segments the run keeps (the buffer window). */
  listSize: number;
  height: number | null;
  videoBitrateKbps: number;
}

export interface RunExit {
  code: number | null;
  signal: string | null;
  /** The last lines ffmpeg wrote to stderr, for the channel's lastError. */
  detail: string;
}

export interface RecorderRun {
  readonly exited: Promise<RunExit>;
  /** Asks the process to finish its current segment and exit; kills it after a grace period. */
  stop(): Promise<RunExit>;
}

/** Records a live input into a rolling, keyframe-aligned HLS buffer (one process per run). */
export interface LiveRecorder {
  startRun(spec: RecorderSpec, onSegment: (segment: LiveSegment) => void): Promise<RecorderRun>;
  /** Every segment still in the channel's buffer across runs, by start time. */
  segments(channelId: string): Promise<LiveSegment[]>;
  /** The highest run number on disk (0 when none), so numbering continues after a process restart. */
  lastRun(channelId: string): Promise<number>;
  /** Deletes finished runs whose last segment ended before `beforeMs`. */
  prune(channelId: string, beforeMs: number): Promise<void>;
  /** Deletes the channel's whole buffer. */
  remove(channelId: string): Promise<void>;
  /** One segment's bytes (MPEG-TS), for the preview; `storage.not_found` when it left the buffer. */
  readSegment(channelId: string, run: number, seq: number): Promise<Readable>;
}

/** Cuts clips out of buffer segments. */
export interface LiveCutter {
  /** The frame rate of a segment (null when it has no video). */
  probeRate(segment: LiveSegment): Promise<Rate | null>;
  /** Instant pass: whole segments stream-copied into one MP4 (starts and ends on the segment grid). */
  instant(segments: readonly LiveSegment[], outPath: string): Promise<void>;
  /**
   * Exact pass: the frame at `inOffsetMs` into the first segment through the frame at `outOffsetMs` into the last,
   * re-encoding only those two segments, copying the middle, audio stream-copied and trimmed to match.
   */
  exact(
    input: { segments: readonly LiveSegment[]; inOffsetMs: number; outOffsetMs: number; rate: Rate | null; encode: { videoBitrateKbps: number }; head?: PreparedHead },
    outPath: string,
  ): Promise<{ frames: number; rate: Rate }>;
  /**
   * The head GOP of a clip, re-encoded from the in-point to the end of its segment, made ahead of time (as soon as
   * that segment exists) so the exact pass after the out-point only has the tail left to encode.
   */
  head(input: { segment: LiveSegment; inOffsetMs: number; rate: Rate; encode: { videoBitrateKbps: number } }, outPath: string): Promise<PreparedHead>;
  /**
   * The exact pass started before the out-point: the master is muxed from the prepared head and the middle segments
   * as they are recorded, so after the out-point only the tail GOP and the end of the file are left (issue 11:
   * exact within 3 s of the out-point whatever the clip length). Optional: without it the exact pass runs whole.
   */
  /** The instant pass started at the in-point, fed segment by segment (optional, as openExact). */
  openInstant?(expectedMs: number, outPath: string): InstantSession;
  openExact?(input: { head: PreparedHead; headSegment: LiveSegment; rate: Rate; encode: { videoBitrateKbps: number }; expectedMs: number }, outPath: string): Promise<ExactSession>;
}

/** An instant pass in progress (LiveCutter.openInstant): whole segments copied into the master as they close. */
export interface InstantSession {
  /** The segments fed so far, in order (the first is the one holding the in-point). */
  readonly segments: readonly LiveSegment[];
  /** Feeds the next segment; one that does not continue the same run leaves the session unusable. */
  append(segment: LiveSegment): void;
  readonly usable: boolean;
  /** Ends the input and waits for the master. */
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** An exact pass in progress (LiveCutter.openExact). Any failure shows at `finish`; the caller then cuts whole. */
export interface ExactSession {
  /** The head segment's ref and in-frame the session was opened for. */
  readonly headRef: string;
  readonly inFrame: number;
  /** The middle segments fed so far, in order. */
  readonly middle: readonly LiveSegment[];
  /** Feeds the next middle segment; one that does not continue the same run leaves the session unusable. */
  append(segment: LiveSegment): void;
  /** True while nothing has failed and every middle segment continued the run. */
  readonly usable: boolean;
  /** Encodes the tail up to the frame at `outOffsetMs` into `last`, ends the inputs and waits for the master. */
  finish(last: LiveSegment, outOffsetMs: number): Promise<{ frames: number; rate: Rate }>;
  /** Stops its processes (idempotent); files stay for the caller to dispose of. */
  abort(): Promise<void>;
}

/** A head made by LiveCutter.head, valid for exactly that segment and in-frame. */
export interface PreparedHead {
  path: string;
  segmentRef: string;
  inFrame: number;
  frames: number;
}
