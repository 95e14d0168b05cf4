import type { Segment } from '@cutaway/shared';
import type { AssetDoc } from '../../ports/search-index';
import type { PgPool } from './database';
import { SEARCH_GIN_INDEXES } from './search.migrations';
import { inTransaction, insertSegments, upsertAssets } from './search-write';

export interface BulkAsset {
  doc: AssetDoc;
  /** Every segment of the asset: its existing segments are replaced, whatever their source. A repeated asset id: the last one wins. */
  segments: Segment[];
}

/**
 * Loads many assets in one transaction with one statement per table (imports, re-indexing,
 * the bench): docs/search.md "Writes" measured COPY-style loading at ~2M segments in ~43 s, where
 * one replaceSegments round trip per asset is bound by latency instead.
 */
export async function bulkLoadSearch(pool: PgPool, assets: readonly BulkAsset[]): Promise<void> {
  if (assets.length === 0) return;
  await inTransaction(pool, async (db) => {
    const byId = new Map(assets.map((a) => [a.doc.assetId, a]));
    const seqs = await upsertAssets(db, [...byId.values()].map((a) => a.doc), (doc) => byId.get(doc.assetId)?.segments ?? []);
    const seqOf = (id: string): number => seqs.get(id) ?? 0;
    await db.query('DELETE FROM search_segments WHERE asset_seq = ANY($1::int[])', [[...seqs.values()]]);
    await insertSegments(db, [...byId.values()].flatMap((a) => a.segments.map((segment) => ({ seq: seqOf(a.doc.assetId), segment }))));
  });
}

/**
 * Around a large load (initial import, re-indexing, the bench): drop the GIN indexes first,
 * then rebuild them with `createSearchGinIndexes`. A sorted build is far cheaper than inserting
 * row by row through the pending list; searches see no text index in between.
 */
export async function dropSearchGinIndexes(pool: PgPool): Promise<void> {
  for (const [name] of SEARCH_GIN_INDEXES) await pool.query(`DROP INDEX IF EXISTS ${name}`);
}

/** Rebuilds the GIN indexes, then VACUUM ANALYZE: fresh statistics for the planner's estimate, a visibility map for index-only scans. */
export async function createSearchGinIndexes(pool: PgPool, maintenanceWorkMem = '512MB'): Promise<void> {
  const client = await pool.connect();
  try {
    // A sorted GIN build in memory; the setting is a bound value, the DDL comes from the migration.
    await client.query("SELECT set_config('maintenance_work_mem', $1, false)", [maintenanceWorkMem]);
    for (const [, ddl] of SEARCH_GIN_INDEXES) await client.query(ddl.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
    await client.query('RESET maintenance_work_mem');
    await client.query('VACUUM (ANALYZE) search_assets, search_segments');
  } finally {
    client.release();
  }
}
