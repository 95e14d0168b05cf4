import type pg from 'pg';
import {
  AppError,
  AssetSchema,
  IsoDateSchema,
  mergeEnrichment,
  type Asset,
  type AssetListQuery,
  type AssetPage,
  type EnrichStep,
  type EnrichStepState,
} from '@cutaway/shared';
import type { AssetChanges, AssetStore } from '../../ports/asset-store';
// The cursor codec is shared with SQLite on purpose: a cursor has the same shape on both engines.
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { PgPool } from './database';
import { mapJsonbError, withTransaction } from './catalog.tx';

interface AssetRow {
  doc: unknown;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Assets as jsonb documents with the columns that filters and ordering need pulled out
 * beside them; the PostgreSQL twin of SqliteAssetStore, held to the same contract suite.
 * The doc is parsed on the way out so a schema drift fails loudly instead of leaking a wrong shape.
 */
export class PgAssetStore implements AssetStore {
  constructor(private readonly pool: PgPool) {}

  async create(asset: Asset): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO assets (id, status, type, sha256, created_at, updated_at, version_of, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [asset.id, asset.status, asset.type, asset.sha256, asset.createdAt, asset.updatedAt, asset.versionOf, JSON.stringify(asset)],
      );
      await writeTags(client, asset.id, asset.tags);
    }).catch((err: unknown) => {
      throw mapJsonbError(err);
    });
  }

  async get(id: string): Promise<Asset | null> {
    const { rows } = await this.pool.query<AssetRow>('SELECT doc FROM assets WHERE id = $1', [id]);
    return rows[0] ? parse(rows[0]) : null;
  }

  async getMany(ids: readonly string[]): Promise<Asset[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<AssetRow>('SELECT doc FROM assets WHERE id = ANY($1::text[])', [ids]);
    const byId = new Map(rows.map(parse).map((a) => [a.id, a]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async findBySha256(sha256: string): Promise<Asset | null> {
    // `id` breaks ties so two assets created in the same millisecond always resolve the same way.
    const { rows } = await this.pool.query<AssetRow>(
      `SELECT doc FROM assets WHERE sha256 = $1 AND status <> 'failed' ORDER BY created_at, id LIMIT 1`,
      [sha256],
    );
    return rows[0] ? parse(rows[0]) : null;
  }

  async list(query: AssetListQuery): Promise<AssetPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.type) where.push(`type = ${param(query.type)}`);
    if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.tag) where.push(`id IN (SELECT asset_id FROM asset_tags WHERE lower(tag) = lower(${param(query.tag)}))`);
    if (query.cursor) {
      const [createdAt, id] = decodeTimeCursor(query.cursor);
      where.push(`(created_at, id) < (${param(createdAt)}::timestamptz, ${param(id)})`);
    }
    const sql = `SELECT doc FROM assets ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY created_at DESC, id DESC LIMIT ${param(query.limit + 1)}`;
    const items = (await this.pool.query<AssetRow>(sql, params)).rows.map(parse);
    const more = items.length > query.limit;
    if (more) items.pop();
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async update(id: string, changes: AssetChanges): Promise<Asset> {
    return this.rewrite(id, (current) => ({ ...current, ...changes }), changes.tags !== undefined);
  }

  async updateEnrichment(id: string, step: EnrichStep, patch: Partial<EnrichStepState>): Promise<Asset> {
    return this.rewrite(id, (current) => ({ ...current, enrichment: mergeEnrichment(current.enrichment, step, patch) }), false);
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM assets WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  /** Read-modify-write of one asset's doc, bumping updatedAt; `asset.not_found` if it is gone. */
  private async rewrite(id: string, build: (current: Asset) => Asset, tags: boolean): Promise<Asset> {
    return withTransaction(this.pool, async (client) => {
      // FOR UPDATE: concurrent writers (API edits, enrichment steps in several workers) serialise
      // here, so none of them overwrites a field another just wrote.
      const { rows } = await client.query<AssetRow>('SELECT doc FROM assets WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) throw new AppError('asset.not_found', `No asset ${id}`, { id });
      const next = AssetSchema.parse({ ...build(parse(rows[0])), updatedAt: new Date().toISOString() });
      await client.query(
        `UPDATE assets SET status = $2, type = $3, sha256 = $4, updated_at = $5, version_of = $6, doc = $7 WHERE id = $1`,
        [id, next.status, next.type, next.sha256, next.updatedAt, next.versionOf, JSON.stringify(next)],
      );
      if (tags) await writeTags(client, id, next.tags);
      return next;
    }).catch((err: unknown) => {
      throw mapJsonbError(err);
    });
  }
}

export async function writeTags(client: Queryable, id: string, tags: readonly string[]): Promise<void> {
  await client.query('DELETE FROM asset_tags WHERE asset_id = $1', [id]);
  if (tags.length === 0) return;
  // ON CONFLICT DO NOTHING drops case-variants of one tag, as SQLite's INSERT OR IGNORE on NOCASE does.
  await client.query(
    'INSERT INTO asset_tags (asset_id, tag) SELECT $1, t FROM unnest($2::text[]) AS t ON CONFLICT DO NOTHING',
    [id, tags],
  );
}

/**
 * SQLite compares the cursor's time as text and never fails; here it is cast to timestamptz,
 * so a forged value must be caught first or it would surface as a 500 instead of request.invalid.
 */
function decodeTimeCursor(cursor: string): [string, string] {
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (typeof createdAt === 'string' && typeof id === 'string' && IsoDateSchema.safeParse(createdAt).success) return [createdAt, id];
  throw new AppError('request.invalid', 'Invalid cursor', [{ path: ['cursor'], message: 'not a cursor from this API' }]);
}

function parse(row: AssetRow): Asset {
  // pg hands jsonb back already decoded.
  return AssetSchema.parse(row.doc);
}
