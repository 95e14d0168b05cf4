import { SavedPromptSchema, type SavedPrompt } from '@cutaway/shared';
import type { AgentStore, ToolHandle } from '../../ports/agent-store';
import type { SqliteDb } from './database';

const parse = (doc: string) => SavedPromptSchema.parse(JSON.parse(doc));

export class SqliteAgentStore implements AgentStore {
  constructor(private readonly db: SqliteDb) {}

  async putHandle(h: ToolHandle): Promise<void> {
    this.db.prepare('INSERT INTO tool_handles (handle, kind, owner_id, target, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (handle) DO NOTHING').run(h.handle, h.kind, h.ownerId, h.target, h.createdAt);
  }
  async getHandle(handle: string): Promise<ToolHandle | null> {
    const r = this.db.prepare('SELECT handle, kind, owner_id, target, created_at FROM tool_handles WHERE handle = ?').get(handle) as
      | { handle: string; kind: string; owner_id: string; target: string | null; created_at: string }
      | undefined;
    return r ? { handle: r.handle, kind: r.kind, ownerId: r.owner_id, target: r.target, createdAt: r.created_at } : null;
  }
  async createPrompt(p: SavedPrompt): Promise<void> {
    this.db
      .prepare('INSERT INTO saved_prompts (id, owner_id, enabled, next_run_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.id, p.ownerId, p.enabled ? 1 : 0, p.nextRunAt, p.createdAt, JSON.stringify(p));
  }
  async getPrompt(id: string): Promise<SavedPrompt | null> {
    const doc = this.db.prepare('SELECT doc FROM saved_prompts WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? parse(doc) : null;
  }
  async listPrompts(ownerId?: string): Promise<SavedPrompt[]> {
    const rows = ownerId
      ? this.db.prepare('SELECT doc FROM saved_prompts WHERE owner_id = ? ORDER BY created_at, id').pluck().all(ownerId)
      : this.db.prepare('SELECT doc FROM saved_prompts ORDER BY created_at, id').pluck().all();
    return (rows as string[]).map(parse);
  }
  async listDue(now: string): Promise<SavedPrompt[]> {
    // ISO strings from the Clock (UTC, ms) compare as text in time order.
    return (this.db.prepare('SELECT doc FROM saved_prompts WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id').pluck().all(now) as string[]).map(parse);
  }
  async claimRun(id: string, expected: string, next: string): Promise<boolean> {
    const row = this.db.prepare('SELECT doc FROM saved_prompts WHERE id = ? AND next_run_at = ?').pluck().get(id, expected) as string | undefined;
    if (!row) return false;
    const doc = JSON.stringify({ ...parse(row), nextRunAt: next });
    return this.db.prepare('UPDATE saved_prompts SET next_run_at = ?, doc = ? WHERE id = ? AND next_run_at = ?').run(next, doc, id, expected).changes > 0;
  }
  async updatePrompt(p: SavedPrompt): Promise<boolean> {
    return this.db.prepare('UPDATE saved_prompts SET enabled = ?, next_run_at = ?, doc = ? WHERE id = ?').run(p.enabled ? 1 : 0, p.nextRunAt, JSON.stringify(p), p.id).changes > 0;
  }
}
