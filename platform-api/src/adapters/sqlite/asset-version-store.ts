import { AppError, AssetSchema, type Asset } from '@cutaway/shared';
import type { AssetVersionStore } from '../../ports/asset-version-store';
import type { SqliteDb } from './database';

/** Version chains on the SQLite catalog; better-sqlite3 transactions are synchronous, so numbering cannot interleave. */
export class SqliteAssetVersionStore implements AssetVersionStore {
  constructor(private readonly db: SqliteDb) {}

  async createVersion(asset: Asset, firstId: string): Promise<Asset> {
    return this.db.transaction(() => {
      const first = this.db.prepare('SELECT version_of FROM assets WHERE id = ?').get(firstId) as { version_of: string | null } | undefined;
      if (!first) throw new AppError('asset.not_found', `No asset ${firstId}`, { id: firstId });
      if (first.version_of !== null) throw new AppError('request.invalid', `Asset ${firstId} is not the first version; use ${first.version_of}`, { id: firstId, versionOf: first.version_of });
      const max = this.db
        .prepare(`SELECT max(json_extract(doc, '$.version')) FROM assets WHERE id = @id OR version_of = @id`)
        .pluck()
        .get({ id: firstId }) as number | null;
      const next = AssetSchema.parse({ ...asset, version: (max ?? 1) + 1, versionOf: firstId });
      this.db
        .prepare(
          `INSERT INTO assets (id, status, type, sha256, created_at, updated_at, version_of, doc)
           VALUES (@id, @status, @type, @sha256, @createdAt, @updatedAt, @versionOf, @doc)`,
        )
        .run({ ...next, doc: JSON.stringify(next) });
      const tag = this.db.prepare('INSERT OR IGNORE INTO asset_tags (asset_id, tag) VALUES (?, ?)');
      for (const t of next.tags) tag.run(next.id, t);
      return next;
    })();
  }

  async chains(firstIds: readonly string[]): Promise<Asset[]> {
    if (firstIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT doc FROM assets
          WHERE id IN (SELECT value FROM json_each(@ids)) OR version_of IN (SELECT value FROM json_each(@ids))
          ORDER BY coalesce(version_of, id), json_extract(doc, '$.version')`,
      )
      .all({ ids: JSON.stringify(firstIds) }) as Array<{ doc: string }>;
    return rows.map((r) => AssetSchema.parse(JSON.parse(r.doc)));
  }
}
