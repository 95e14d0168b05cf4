import { LiveRecordingRunSchema, LiveRecordingSchema, type LiveRecording, type LiveRecordingRun } from '@cutaway/shared';
import type { LiveRecordingStore } from '../../ports/live-recording-store';
import type { PgPool } from './database';
import { mapJsonbError } from './catalog.tx';

const nextMs = (r: LiveRecording) => (r.nextAt === null ? null : Date.parse(r.nextAt));
const rethrow = (err: unknown): never => {
  throw mapJsonbError(err);
};

/** Scheduled recordings on PostgreSQL; the twin of SqliteLiveRecordingStore, held to the same contract suite. */
export class PgLiveRecordingStore implements LiveRecordingStore {
  constructor(private readonly pool: PgPool) {}

  async create(r: LiveRecording): Promise<void> {
    await this.pool.query('INSERT INTO live_recordings (id, channel_id, next_ms, created_at, doc) VALUES ($1, $2, $3, $4, $5)', [r.id, r.channelId, nextMs(r), r.createdAt, JSON.stringify(r)]).catch(rethrow);
  }

  async get(id: string): Promise<LiveRecording | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_recordings WHERE id = $1', [id]);
    return rows[0] ? LiveRecordingSchema.parse(rows[0].doc) : null;
  }

  async list(channelId: string): Promise<LiveRecording[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_recordings WHERE channel_id = $1 ORDER BY created_at, id', [channelId]);
    return rows.map((r) => LiveRecordingSchema.parse(r.doc));
  }

  async save(r: LiveRecording): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE live_recordings SET doc = $1, next_ms = $2 WHERE id = $3', [JSON.stringify(r), nextMs(r), r.id]).catch(rethrow);
    return (rowCount ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM live_recordings WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async due(atMs: number): Promise<LiveRecording[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_recordings WHERE next_ms IS NOT NULL AND next_ms <= $1 ORDER BY next_ms, id', [atMs]);
    return rows.map((r) => LiveRecordingSchema.parse(r.doc));
  }

  async soonest(): Promise<number | null> {
    // BIGINT comes back as a string from pg.
    const { rows } = await this.pool.query<{ min: string | null }>('SELECT MIN(next_ms) AS min FROM live_recordings');
    return rows[0]?.min == null ? null : Number(rows[0].min);
  }

  async putRun(run: LiveRecordingRun): Promise<void> {
    await this.pool
      .query('INSERT INTO live_recording_runs (recording_id, occurrence_ms, doc) VALUES ($1, $2, $3) ON CONFLICT (recording_id, occurrence_ms) DO UPDATE SET doc = EXCLUDED.doc', [
        run.recordingId, Date.parse(run.occurrenceAt), JSON.stringify(run),
      ])
      .catch(rethrow);
  }

  async listRuns(recordingId: string, limit: number): Promise<LiveRecordingRun[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_recording_runs WHERE recording_id = $1 ORDER BY occurrence_ms DESC LIMIT $2', [recordingId, limit]);
    return rows.map((r) => LiveRecordingRunSchema.parse(r.doc));
  }
}
