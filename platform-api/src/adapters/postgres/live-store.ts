import { LiveChannelSchema, LiveClipSchema, type LiveChannel, type LiveClip, type LiveClipState, type LiveGap } from '@cutaway/shared';
import type { LiveStore } from '../../ports/live-store';
import type { PgPool } from './database';
import { mapJsonbError } from './catalog.tx';

const iso = (ms: number) => new Date(ms).toISOString();
const rethrow = (err: unknown): never => {
  throw mapJsonbError(err);
};

/** Live channels, gaps and clips on PostgreSQL; the twin of SqliteLiveStore, held to the same contract suite. */
export class PgLiveStore implements LiveStore {
  constructor(private readonly pool: PgPool) {}

  async createChannel(c: LiveChannel): Promise<void> {
    await this.pool.query('INSERT INTO live_channels (id, doc, created_at) VALUES ($1, $2, $3)', [c.id, JSON.stringify(c), c.createdAt]).catch(rethrow);
  }

  async getChannel(id: string): Promise<LiveChannel | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_channels WHERE id = $1', [id]);
    return rows[0] ? LiveChannelSchema.parse(rows[0].doc) : null;
  }

  async listChannels(): Promise<LiveChannel[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_channels ORDER BY created_at, id');
    return rows.map((r) => LiveChannelSchema.parse(r.doc));
  }

  async saveChannel(c: LiveChannel): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE live_channels SET doc = $1 WHERE id = $2', [JSON.stringify(c), c.id]).catch(rethrow);
    return (rowCount ?? 0) > 0;
  }

  async deleteChannel(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM live_channels WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async addGap(channelId: string, gap: LiveGap): Promise<void> {
    await this.pool.query('INSERT INTO live_gaps (channel_id, start_ms, end_ms, reason) VALUES ($1, $2, $3, $4)', [
      channelId, Date.parse(gap.startAt), Date.parse(gap.endAt), gap.reason,
    ]);
  }

  async listGaps(channelId: string, fromMs: number, toMs: number): Promise<LiveGap[]> {
    // BIGINT comes back as a string from pg: convert explicitly.
    const { rows } = await this.pool.query<{ start_ms: string; end_ms: string; reason: string }>(
      'SELECT start_ms, end_ms, reason FROM live_gaps WHERE channel_id = $1 AND end_ms > $2 AND start_ms < $3 ORDER BY start_ms',
      [channelId, fromMs, toMs],
    );
    return rows.map((r) => ({ startAt: iso(Number(r.start_ms)), endAt: iso(Number(r.end_ms)), reason: r.reason }));
  }

  async pruneGaps(channelId: string, beforeMs: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM live_gaps WHERE channel_id = $1 AND end_ms < $2', [channelId, beforeMs]);
    return rowCount ?? 0;
  }

  async createClip(clip: LiveClip): Promise<void> {
    await this.pool
      .query('INSERT INTO live_clips (id, channel_id, state, created_at, doc) VALUES ($1, $2, $3, $4, $5)', [clip.id, clip.channelId, clip.state, clip.createdAt, JSON.stringify(clip)])
      .catch(rethrow);
  }

  async getClip(id: string): Promise<LiveClip | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_clips WHERE id = $1', [id]);
    return rows[0] ? LiveClipSchema.parse(rows[0].doc) : null;
  }

  async saveClip(clip: LiveClip): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE live_clips SET state = $1, doc = $2 WHERE id = $3', [clip.state, JSON.stringify(clip), clip.id]).catch(rethrow);
    return (rowCount ?? 0) > 0;
  }

  async listClips(channelId: string): Promise<LiveClip[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_clips WHERE channel_id = $1 ORDER BY created_at, id', [channelId]);
    return rows.map((r) => LiveClipSchema.parse(r.doc));
  }

  async listClipsInState(states: readonly LiveClipState[]): Promise<LiveClip[]> {
    if (!states.length) return [];
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM live_clips WHERE state = ANY($1) ORDER BY created_at, id', [states]);
    return rows.map((r) => LiveClipSchema.parse(r.doc));
  }
}
