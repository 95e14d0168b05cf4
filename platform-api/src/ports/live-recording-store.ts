import type { LiveRecording, LiveRecordingRun } from '@cutaway/shared';

/** Scheduled recordings of live channels and the occurrences they started (issue 11 "Scheduled recordings"). */
export interface LiveRecordingStore {
  create(r: LiveRecording): Promise<void>;
  get(id: string): Promise<LiveRecording | null>;
  /** A channel's recordings, oldest first. */
  list(channelId: string): Promise<LiveRecording[]>;
  /** Replaces the stored document; false when it is gone. */
  save(r: LiveRecording): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** Recordings whose next occurrence starts at or before `atMs`, soonest first. */
  due(atMs: number): Promise<LiveRecording[]>;
  /** The soonest next occurrence of all recordings (ms), or null. */
  soonest(): Promise<number | null>;
  /** Records an occurrence; the same (recording, occurrence) again replaces it (a retried fire after a crash). */
  putRun(run: LiveRecordingRun): Promise<void>;
  /** Runs of a recording, newest first. */
  listRuns(recordingId: string, limit: number): Promise<LiveRecordingRun[]>;
}
