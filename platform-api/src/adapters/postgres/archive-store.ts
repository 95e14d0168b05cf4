import { ArchivePolicySchema, RestoreRecordSchema, type ArchivePolicy, type RestoreRecord } from '@cutaway/shared';
import type { ArchiveStore } from '../../ports/archive-store';
import type { PgPool } from './database';

export class PgArchiveStore implements ArchiveStore {
  constructor(private readonly pool: PgPool) {}

  async listPolicies(): Promise<ArchivePolicy[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM archive_policies ORDER BY created_at, id');
    return rows.map((r) => ArchivePolicySchema.parse(r.doc));
  }

  async getPolicy(id: string): Promise<ArchivePolicy | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM archive_policies WHERE id = $1', [id]);
    return rows[0] ? ArchivePolicySchema.parse(rows[0].doc) : null;
  }

  async savePolicy(p: ArchivePolicy): Promise<void> {
    await this.pool.query('INSERT INTO archive_policies (id, created_at, doc) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc', [p.id, p.createdAt, JSON.stringify(p)]);
  }

  async deletePolicy(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM archive_policies WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async addRestore(r: RestoreRecord): Promise<void> {
    await this.pool.query('INSERT INTO archive_restores (asset_id, requested_at, doc) VALUES ($1, $2, $3)', [r.assetId, r.requestedAt, JSON.stringify(r)]);
  }

  async restoresSince(since: Date): Promise<RestoreRecord[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM archive_restores WHERE requested_at >= $1 ORDER BY requested_at, seq', [since]);
    return rows.map((r) => RestoreRecordSchema.parse(r.doc));
  }
}
