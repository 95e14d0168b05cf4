import { RundownLinkSchema, RundownSchema, RundownSummarySchema, type Rundown, type RundownLink, type RundownListQuery, type RundownSummary } from '@cutaway/shared';
import type { PlaceholderKey, RundownStore } from '../../ports/rundown-store';
import { assetIdsOf, rundownLinks, summarize } from '../common/rundown-docs';
import { mapJsonbError, withTransaction } from './catalog.tx';
import type { PgPool } from './database';

/** Running orders on PostgreSQL; the twin of SqliteRundownStore, held to the same contract suite. */
export class PgRundownStore implements RundownStore {
  constructor(private readonly pool: PgPool) {}

  async put(input: Rundown): Promise<{ rundown: Rundown; previousAssetIds: string[] }> {
    return withTransaction(this.pool, async (c) => {
      // Two writers of the same running order serialise on the key's lock, like SQLite's IMMEDIATE.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rundown:${input.ncsId}\n${input.roId}`]);
      const { rows } = await c.query<{ doc: unknown }>('SELECT doc FROM rundowns WHERE ncs_id = $1 AND ro_id = $2', [input.ncsId, input.roId]);
      const prev = rows[0] ? RundownSchema.parse(rows[0].doc) : null;
      const rundown: Rundown = prev ? { ...input, id: prev.id, createdAt: prev.createdAt } : input;
      if (prev) await c.query('DELETE FROM rundowns WHERE id = $1', [prev.id]);
      await c
        .query('INSERT INTO rundowns (id, ncs_id, ro_id, slug, air_time, created_at, updated_at, summary, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          rundown.id, rundown.ncsId, rundown.roId, rundown.slug, rundown.airTime, rundown.createdAt, rundown.updatedAt, JSON.stringify(summarize(rundown)), JSON.stringify(rundown),
        ])
        .catch((err: unknown) => {
          throw mapJsonbError(err);
        });
      const links = rundownLinks(rundown);
      if (links.length) {
        await c.query(
          `INSERT INTO rundown_assets (rundown_id, ord, asset_id, link)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::jsonb[])`,
          [rundown.id, links.map((l) => l.ord), links.map((l) => l.link.assetId), links.map((l) => JSON.stringify(l.link))],
        );
      }
      return { rundown, previousAssetIds: prev ? assetIdsOf(prev) : [] };
    });
  }

  async get(id: string): Promise<Rundown | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM rundowns WHERE id = $1', [id]);
    return rows[0] ? RundownSchema.parse(rows[0].doc) : null;
  }

  async findByKey(ncsId: string, roId: string): Promise<Rundown | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM rundowns WHERE ncs_id = $1 AND ro_id = $2', [ncsId, roId]);
    return rows[0] ? RundownSchema.parse(rows[0].doc) : null;
  }

  async list(query: RundownListQuery): Promise<RundownSummary[]> {
    const { rows } = await this.pool.query<{ summary: unknown }>(
      'SELECT summary FROM rundowns WHERE ($1::text IS NULL OR ncs_id = $1) ORDER BY air_time ASC NULLS LAST, slug, id LIMIT $2',
      [query.ncsId ?? null, query.limit],
    );
    return rows.map((r) => RundownSummarySchema.parse(r.summary));
  }

  async delete(id: string): Promise<Rundown | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('DELETE FROM rundowns WHERE id = $1 RETURNING doc', [id]);
    return rows[0] ? RundownSchema.parse(rows[0].doc) : null;
  }

  async linksForAsset(assetId: string): Promise<RundownLink[]> {
    const { rows } = await this.pool.query<{ link: unknown }>(
      `SELECT a.link FROM rundown_assets a JOIN rundowns r ON r.id = a.rundown_id
       WHERE a.asset_id = $1 ORDER BY r.air_time ASC NULLS LAST, r.slug, r.id, a.ord`,
      [assetId],
    );
    return rows.map((r) => RundownLinkSchema.parse(r.link));
  }

  async assetsAiringBetween(from: Date, to: Date): Promise<string[]> {
    const { rows } = await this.pool.query<{ asset_id: string }>(
      'SELECT DISTINCT a.asset_id FROM rundown_assets a JOIN rundowns r ON r.id = a.rundown_id WHERE r.air_time BETWEEN $1 AND $2 ORDER BY a.asset_id',
      [from, to],
    );
    return rows.map((r) => r.asset_id);
  }

  async bindPlaceholderKey(key: string, assetId: string): Promise<string> {
    // Two statements: a concurrent winner's row is committed only after our INSERT's snapshot was taken,
    // so the SELECT must run in a snapshot of its own (READ COMMITTED, one per statement).
    await this.pool.query('INSERT INTO placeholder_keys (key, asset_id, created_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING', [key, assetId]);
    const { rows } = await this.pool.query<{ asset_id: string }>('SELECT asset_id FROM placeholder_keys WHERE key = $1', [key]);
    return rows[0]!.asset_id;
  }

  async importPlaceholderKey(e: PlaceholderKey): Promise<boolean> {
    const r = await this.pool.query('INSERT INTO placeholder_keys (key, asset_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [e.key, e.assetId, e.createdAt]);
    return (r.rowCount ?? 0) > 0;
  }
}
