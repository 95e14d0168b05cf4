import { AppError, AssetSchema, type Asset } from '@cutaway/shared';
import type { AssetVersionStore } from '../../ports/asset-version-store';
import { writeTags } from './asset-store';
import { mapJsonbError, withTransaction } from './catalog.tx';
import type { PgPool } from './database';

/**
 * Version chains on PostgreSQL. Two processes may push edits of the same asset at once: the
 * first version's row is locked FOR UPDATE, so the second waits and numbers after the first.
 */
export class PgAssetVersionStore implements AssetVersionStore {
  constructor(private readonly pool: PgPool) {}

  async createVersion(asset: Asset, firstId: string): Promise<Asset> {
    return withTransaction(this.pool, async (client) => {
      const first = await client.query<{ version_of: string | null }>('SELECT version_of FROM assets WHERE id = $1 FOR UPDATE', [firstId]);
      const row = first.rows[0];
      if (!row) throw new AppError('asset.not_found', `No asset ${firstId}`, { id: firstId });
      if (row.version_of !== null) throw new AppError('request.invalid', `Asset ${firstId} is not the first version; use ${row.version_of}`, { id: firstId, versionOf: row.version_of });
      const { rows } = await client.query<{ max: number | null }>(
        `SELECT max((doc->>'version')::int) AS max FROM assets WHERE id = $1 OR version_of = $1`,
        [firstId],
      );
      const next = AssetSchema.parse({ ...asset, version: (rows[0]?.max ?? 1) + 1, versionOf: firstId });
      await client.query(
        `INSERT INTO assets (id, status, type, sha256, created_at, updated_at, version_of, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [next.id, next.status, next.type, next.sha256, next.createdAt, next.updatedAt, next.versionOf, JSON.stringify(next)],
      );
      await writeTags(client, next.id, next.tags);
      return next;
    }).catch((err: unknown) => {
      throw mapJsonbError(err);
    });
  }

  async chains(firstIds: readonly string[]): Promise<Asset[]> {
    if (firstIds.length === 0) return [];
    const { rows } = await this.pool.query<{ doc: unknown }>(
      `SELECT doc FROM assets WHERE id = ANY($1::text[]) OR version_of = ANY($1::text[])
        ORDER BY coalesce(version_of, id), (doc->>'version')::int`,
      [firstIds],
    );
    return rows.map((r) => AssetSchema.parse(typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc));
  }
}
