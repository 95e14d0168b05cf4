import { SavedPromptSchema, type SavedPrompt } from '@cutaway/shared';
import type { AgentStore, ToolHandle } from '../../ports/agent-store';
import type { PgPool } from './database';

const parse = (doc: unknown) => SavedPromptSchema.parse(doc);

/** The twin of SqliteAgentStore, held to the same contract suite. */
export class PgAgentStore implements AgentStore {
  constructor(private readonly pool: PgPool) {}

  async putHandle(h: ToolHandle): Promise<void> {
    await this.pool.query('INSERT INTO tool_handles (handle, kind, owner_id, target, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (handle) DO NOTHING', [h.handle, h.kind, h.ownerId, h.target, h.createdAt]);
  }
  async getHandle(handle: string): Promise<ToolHandle | null> {
    const { rows } = await this.pool.query<{ handle: string; kind: string; owner_id: string; target: string | null; created_at: Date }>(
      'SELECT handle, kind, owner_id, target, created_at FROM tool_handles WHERE handle = $1',
      [handle],
    );
    const r = rows[0];
    return r ? { handle: r.handle, kind: r.kind, ownerId: r.owner_id, target: r.target, createdAt: r.created_at.toISOString() } : null;
  }
  async createPrompt(p: SavedPrompt): Promise<void> {
    await this.pool.query('INSERT INTO saved_prompts (id, owner_id, enabled, next_run_at, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6)', [
      p.id, p.ownerId, p.enabled, p.nextRunAt, p.createdAt, JSON.stringify(p),
    ]);
  }
  async getPrompt(id: string): Promise<SavedPrompt | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM saved_prompts WHERE id = $1', [id]);
    return rows[0] ? parse(rows[0].doc) : null;
  }
  async listPrompts(ownerId?: string): Promise<SavedPrompt[]> {
    const { rows } = ownerId
      ? await this.pool.query<{ doc: unknown }>('SELECT doc FROM saved_prompts WHERE owner_id = $1 ORDER BY created_at, id', [ownerId])
      : await this.pool.query<{ doc: unknown }>('SELECT doc FROM saved_prompts ORDER BY created_at, id');
    return rows.map((r) => parse(r.doc));
  }
  async listDue(now: string): Promise<SavedPrompt[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM saved_prompts WHERE enabled AND next_run_at <= $1 ORDER BY next_run_at, id', [now]);
    return rows.map((r) => parse(r.doc));
  }
  async claimRun(id: string, expected: string, next: string): Promise<boolean> {
    // One statement: the row lock makes concurrent claimers serialise, and only one sees the expected time.
    const { rowCount } = await this.pool.query(
      `UPDATE saved_prompts SET next_run_at = $3::timestamptz, doc = jsonb_set(doc, '{nextRunAt}', to_jsonb($4::text)) WHERE id = $1 AND next_run_at = $2::timestamptz`,
      [id, expected, next, next],
    );
    return (rowCount ?? 0) > 0;
  }
  async updatePrompt(p: SavedPrompt): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE saved_prompts SET enabled = $2, next_run_at = $3, doc = $4 WHERE id = $1', [p.id, p.enabled, p.nextRunAt, JSON.stringify(p)]);
    return (rowCount ?? 0) > 0;
  }
}
