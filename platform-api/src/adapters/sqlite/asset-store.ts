import { AppError, AssetSchema, mergeEnrichment, type Asset, type AssetListQuery, type AssetPage, type EnrichStep, type EnrichStepState } from '@cutaway/shared';
import type { AssetChanges, AssetStore } from '../../ports/asset-store';
import type { SqliteDb } from './database';
import { decodeCursor, encodeCursor } from '../common/cursor';

interface AssetRow {
  doc: string;
}

/**
 * Assets as JSON documents with the columns that filters and ordering need
 * pulled out beside them. The doc is parsed on the way out so a schema drift
 * fails loudly instead of leaking a wrong shape.
 */
export class SqliteAssetStore implements AssetStore {
  constructor(private readonly db: SqliteDb) {}

  async create(asset: Asset): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO assets (id, status, type, sha256, created_at, updated_at, version_of, doc)
           VALUES (@id, @status, @type, @sha256, @createdAt, @updatedAt, @versionOf, @doc)`,
        )
        .run({ ...asset, doc: JSON.stringify(asset) });
      this.writeTags(asset.id, asset.tags);
    })();
  }

  async get(id: string): Promise<Asset | null> {
    const row = this.db.prepare('SELECT doc FROM assets WHERE id = ?').get(id) as AssetRow | undefined;
    return row ? parse(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<Asset[]> {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare('SELECT doc FROM assets WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as AssetRow[];
    const byId = new Map(rows.map(parse).map((a) => [a.id, a]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async findBySha256(sha256: string): Promise<Asset | null> {
    const row = this.db
      .prepare(`SELECT doc FROM assets WHERE sha256 = ? AND status != 'failed' ORDER BY created_at LIMIT 1`)
      .get(sha256) as AssetRow | undefined;
    return row ? parse(row) : null;
  }

  async list(query: AssetListQuery): Promise<AssetPage> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit + 1, type: query.type, status: query.status, tag: query.tag };
    if (query.type) where.push('type = @type');
    if (query.status) where.push('status = @status');
    if (query.tag) where.push('id IN (SELECT asset_id FROM asset_tags WHERE tag = @tag)');
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      where.push('(created_at, id) < (@cAt, @cId)');
      Object.assign(params, { cAt: createdAt, cId: id });
    }
    const sql = `SELECT doc FROM assets ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY created_at DESC, id DESC LIMIT @limit`;
    const items = (this.db.prepare(sql).all(params) as AssetRow[]).map(parse);
    const more = items.length > query.limit;
    if (more) items.pop();
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async update(id: string, changes: AssetChanges): Promise<Asset> {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT doc FROM assets WHERE id = ?').get(id) as AssetRow | undefined;
      if (!row) throw new AppError('asset.not_found', `No asset ${id}`, { id });
      const next = AssetSchema.parse({ ...parse(row), ...changes, updatedAt: new Date().toISOString() });
      this.db
        .prepare(
          `UPDATE assets SET status = @status, type = @type, sha256 = @sha256, updated_at = @updatedAt,
             version_of = @versionOf, doc = @doc WHERE id = @id`,
        )
        .run({ ...next, doc: JSON.stringify(next) });
      if (changes.tags) this.writeTags(id, next.tags);
      return next;
    })();
  }

  async updateEnrichment(id: string, step: EnrichStep, patch: Partial<EnrichStepState>): Promise<Asset> {
    // better-sqlite3 transactions are synchronous, so this read-modify-write cannot interleave.
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT doc FROM assets WHERE id = ?').get(id) as AssetRow | undefined;
      if (!row) throw new AppError('asset.not_found', `No asset ${id}`, { id });
      const current = parse(row);
      const next = AssetSchema.parse({ ...current, enrichment: mergeEnrichment(current.enrichment, step, patch), updatedAt: new Date().toISOString() });
      this.db.prepare('UPDATE assets SET updated_at = @updatedAt, doc = @doc WHERE id = @id').run({ ...next, doc: JSON.stringify(next) });
      return next;
    })();
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM assets WHERE id = ?').run(id).changes > 0;
  }

  private writeTags(id: string, tags: readonly string[]): void {
    this.db.prepare('DELETE FROM asset_tags WHERE asset_id = ?').run(id);
    const insert = this.db.prepare('INSERT OR IGNORE INTO asset_tags (asset_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag);
  }
}

function parse(row: AssetRow): Asset {
  return AssetSchema.parse(JSON.parse(row.doc));
}
