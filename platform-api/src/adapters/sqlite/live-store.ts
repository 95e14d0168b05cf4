import { LiveChannelSchema, LiveClipSchema, type LiveChannel, type LiveClip, type LiveClipState, type LiveGap } from '@cutaway/shared';
import type { LiveStore } from '../../ports/live-store';
import type { SqliteDb } from './database';

const iso = (ms: number) => new Date(ms).toISOString();

export class SqliteLiveStore implements LiveStore {
  constructor(private readonly db: SqliteDb) {}

  async createChannel(c: LiveChannel): Promise<void> {
    this.db.prepare('INSERT INTO live_channels (id, doc, created_at) VALUES (?, ?, ?)').run(c.id, JSON.stringify(c), c.createdAt);
  }

  async getChannel(id: string): Promise<LiveChannel | null> {
    const doc = this.db.prepare('SELECT doc FROM live_channels WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? LiveChannelSchema.parse(JSON.parse(doc)) : null;
  }

  async listChannels(): Promise<LiveChannel[]> {
    const docs = this.db.prepare('SELECT doc FROM live_channels ORDER BY created_at, id').pluck().all() as string[];
    return docs.map((d) => LiveChannelSchema.parse(JSON.parse(d)));
  }

  async saveChannel(c: LiveChannel): Promise<boolean> {
    return this.db.prepare('UPDATE live_channels SET doc = ? WHERE id = ?').run(JSON.stringify(c), c.id).changes > 0;
  }

  async deleteChannel(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM live_channels WHERE id = ?').run(id).changes > 0;
  }

  async addGap(channelId: string, gap: LiveGap): Promise<void> {
    this.db
      .prepare('INSERT INTO live_gaps (channel_id, start_ms, end_ms, reason) VALUES (?, ?, ?, ?)')
      .run(channelId, Date.parse(gap.startAt), Date.parse(gap.endAt), gap.reason);
  }

  async listGaps(channelId: string, fromMs: number, toMs: number): Promise<LiveGap[]> {
    const rows = this.db
      .prepare('SELECT start_ms, end_ms, reason FROM live_gaps WHERE channel_id = ? AND end_ms > ? AND start_ms < ? ORDER BY start_ms')
      .all(channelId, fromMs, toMs) as Array<{ start_ms: number; end_ms: number; reason: string }>;
    return rows.map((r) => ({ startAt: iso(r.start_ms), endAt: iso(r.end_ms), reason: r.reason }));
  }

  async pruneGaps(channelId: string, beforeMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM live_gaps WHERE channel_id = ? AND end_ms < ?').run(channelId, beforeMs).changes;
  }

  async createClip(clip: LiveClip): Promise<void> {
    this.db
      .prepare('INSERT INTO live_clips (id, channel_id, state, created_at, doc) VALUES (?, ?, ?, ?, ?)')
      .run(clip.id, clip.channelId, clip.state, clip.createdAt, JSON.stringify(clip));
  }

  async getClip(id: string): Promise<LiveClip | null> {
    const doc = this.db.prepare('SELECT doc FROM live_clips WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? LiveClipSchema.parse(JSON.parse(doc)) : null;
  }

  async saveClip(clip: LiveClip): Promise<boolean> {
    return this.db.prepare('UPDATE live_clips SET state = ?, doc = ? WHERE id = ?').run(clip.state, JSON.stringify(clip), clip.id).changes > 0;
  }

  async listClips(channelId: string): Promise<LiveClip[]> {
    const docs = this.db.prepare('SELECT doc FROM live_clips WHERE channel_id = ? ORDER BY created_at, id').pluck().all(channelId) as string[];
    return docs.map((d) => LiveClipSchema.parse(JSON.parse(d)));
  }

  async listClipsInState(states: readonly LiveClipState[]): Promise<LiveClip[]> {
    if (!states.length) return [];
    const docs = this.db
      .prepare(`SELECT doc FROM live_clips WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at, id`)
      .pluck()
      .all(...states) as string[];
    return docs.map((d) => LiveClipSchema.parse(JSON.parse(d)));
  }
}
