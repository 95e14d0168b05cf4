import { LiveRecordingRunSchema, LiveRecordingSchema, type LiveRecording, type LiveRecordingRun } from '@cutaway/shared';
import type { LiveRecordingStore } from '../../ports/live-recording-store';
import type { SqliteDb } from './database';

const nextMs = (r: LiveRecording) => (r.nextAt === null ? null : Date.parse(r.nextAt));
const parse = (doc: string) => LiveRecordingSchema.parse(JSON.parse(doc));

export class SqliteLiveRecordingStore implements LiveRecordingStore {
  constructor(private readonly db: SqliteDb) {}

  async create(r: LiveRecording): Promise<void> {
    this.db.prepare('INSERT INTO live_recordings (id, channel_id, next_ms, created_at, doc) VALUES (?, ?, ?, ?, ?)').run(r.id, r.channelId, nextMs(r), r.createdAt, JSON.stringify(r));
  }

  async get(id: string): Promise<LiveRecording | null> {
    const doc = this.db.prepare('SELECT doc FROM live_recordings WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? parse(doc) : null;
  }

  async list(channelId: string): Promise<LiveRecording[]> {
    return (this.db.prepare('SELECT doc FROM live_recordings WHERE channel_id = ? ORDER BY created_at, id').pluck().all(channelId) as string[]).map(parse);
  }

  async save(r: LiveRecording): Promise<boolean> {
    return this.db.prepare('UPDATE live_recordings SET doc = ?, next_ms = ? WHERE id = ?').run(JSON.stringify(r), nextMs(r), r.id).changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM live_recordings WHERE id = ?').run(id).changes > 0;
  }

  async due(atMs: number): Promise<LiveRecording[]> {
    return (this.db.prepare('SELECT doc FROM live_recordings WHERE next_ms IS NOT NULL AND next_ms <= ? ORDER BY next_ms, id').pluck().all(atMs) as string[]).map(parse);
  }

  async soonest(): Promise<number | null> {
    const v = this.db.prepare('SELECT MIN(next_ms) FROM live_recordings').pluck().get() as number | null;
    return v ?? null;
  }

  async putRun(run: LiveRecordingRun): Promise<void> {
    this.db
      .prepare('INSERT INTO live_recording_runs (recording_id, occurrence_ms, doc) VALUES (?, ?, ?) ON CONFLICT (recording_id, occurrence_ms) DO UPDATE SET doc = excluded.doc')
      .run(run.recordingId, Date.parse(run.occurrenceAt), JSON.stringify(run));
  }

  async listRuns(recordingId: string, limit: number): Promise<LiveRecordingRun[]> {
    const docs = this.db.prepare('SELECT doc FROM live_recording_runs WHERE recording_id = ? ORDER BY occurrence_ms DESC LIMIT ?').pluck().all(recordingId, limit) as string[];
    return docs.map((d) => LiveRecordingRunSchema.parse(JSON.parse(d)));
  }
}
