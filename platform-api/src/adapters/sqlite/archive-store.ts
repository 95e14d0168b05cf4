import { ArchivePolicySchema, RestoreRecordSchema, type ArchivePolicy, type RestoreRecord } from '@cutaway/shared';
import type { ArchiveStore } from '../../ports/archive-store';
import type { SqliteDb } from './database';

export class SqliteArchiveStore implements ArchiveStore {
  constructor(private readonly db: SqliteDb) {}

  async listPolicies(): Promise<ArchivePolicy[]> {
    return (this.db.prepare('SELECT doc FROM archive_policies ORDER BY created_at, id').pluck().all() as string[]).map((d) => ArchivePolicySchema.parse(JSON.parse(d)));
  }

  async getPolicy(id: string): Promise<ArchivePolicy | null> {
    const doc = this.db.prepare('SELECT doc FROM archive_policies WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? ArchivePolicySchema.parse(JSON.parse(doc)) : null;
  }

  async savePolicy(p: ArchivePolicy): Promise<void> {
    this.db
      .prepare('INSERT INTO archive_policies (id, created_at, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc')
      .run(p.id, p.createdAt, JSON.stringify(p));
  }

  async deletePolicy(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM archive_policies WHERE id = ?').run(id).changes > 0;
  }

  async addRestore(r: RestoreRecord): Promise<void> {
    this.db.prepare('INSERT INTO archive_restores (asset_id, requested_at, doc) VALUES (?, ?, ?)').run(r.assetId, r.requestedAt, JSON.stringify(r));
  }

  async restoresSince(since: Date): Promise<RestoreRecord[]> {
    return (this.db.prepare('SELECT doc FROM archive_restores WHERE requested_at >= ? ORDER BY requested_at, seq').pluck().all(since.toISOString()) as string[]).map((d) =>
      RestoreRecordSchema.parse(JSON.parse(d)),
    );
  }
}
