import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Segment } from '@cutaway/shared';
import { migratePostgres, type PgPool } from '../../src/adapters/postgres/database';
import { bulkLoadSearch, createSearchGinIndexes, dropSearchGinIndexes, type BulkAsset } from '../../src/adapters/postgres/search-bulk';
import { PgSearchIndex } from '../../src/adapters/postgres/search-index';
import { pgSearchMigrations } from '../../src/adapters/postgres/search.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';

const speech = (assetId: string, i: number, text: string): Segment => ({
  assetId, kind: 'speech', startMs: i * 1000, endMs: i * 1000 + 900, text, source: 'asr', confidence: null, words: null,
});
const id = (i: number) => `asset-${String(i).padStart(3, '0')}`;
/** n assets of 20 segments: "the" everywhere, "crowd" in a fifth, one rare word per asset. */
const corpus = (n: number, title = (i: number) => `Clip ${i}`): BulkAsset[] => Array.from({ length: n }, (_, i) => ({
  doc: { assetId: id(i), title: title(i), description: '', tags: [], fileName: `${id(i)}.mxf`, type: 'video', createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString() },
  segments: Array.from({ length: 20 }, (_, j) => speech(id(i), j, `the ${j % 5 ? 'band played' : 'crowd cheered'} rare${i}`)),
}));

/** The pool, with every statement the index sends on its own connections recorded. */
function recording(pool: PgPool): { pool: PgPool; seen: Array<{ sql: string; params: unknown[] }> } {
  const seen: Array<{ sql: string; params: unknown[] }> = [];
  const bind = <T extends object>(target: T, prop: string | symbol) => {
    const v = Reflect.get(target, prop) as unknown;
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
  };
  const proxy = new Proxy(pool, {
    get: (target, prop) => prop !== 'connect' ? bind(target, prop) : async () => {
      const client = await target.connect();
      return new Proxy(client, {
        get: (c, p) => p !== 'query' ? bind(c, p) : (sql: string, params?: unknown[]) => {
          seen.push({ sql, params: params ?? [] });
          return c.query(sql, params);
        },
      });
    },
  });
  return { pool: proxy, seen };
}

describe.skipIf(!PG_URL)(`PgSearchIndex specifics${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>>;
  beforeEach(async () => {
    db = await tempPgSchema(pgSearchMigrations);
  });
  afterEach(() => db.drop());

  it('plans exact for selective queries, two-stage for broad ones, recent for stop-word-like ones', async () => {
    const writer = new PgSearchIndex(db.pool);
    for (const { doc, segments } of corpus(30)) {
      await writer.upsertAsset(doc);
      await writer.replaceSegments(doc.assetId, 'asr', segments);
    }
    const index = new PgSearchIndex(db.pool, { exactCap: 50, minSample: 100, sampleAssets: 10, recentDensity: 0.3 });
    const q = (query: string) => index.search({ q: query, limit: 10, momentsPerAsset: 2 });
    expect((await q('rare7')).plan).toBe('exact');
    expect((await q('crowd')).plan).toBe('two_stage');
    const the = await q('the');
    expect(the.plan).toBe('recent');
    expect(the.hits.map((h) => h.assetId)).toEqual(Array.from({ length: 10 }, (_, i) => id(29 - i)));
    expect(the.hits[0]?.moments).toHaveLength(2);
    const page2 = await index.search({ q: 'the', limit: 10, momentsPerAsset: 0, cursor: the.nextCursor! });
    expect(page2.plan).toBe('recent');
    expect(page2.hits[0]?.assetId).toBe(id(19));
    const mixed = await q('the crowd');
    expect(mixed.plan).toBe('two_stage');
    expect(mixed.hits).toHaveLength(10);
  });

  it('pages a broad query through the band groups, newest band first, without duplicates or gaps', async () => {
    // Asset 0 mentions the word in its title: it still comes after every newer band, and first in its own.
    await bulkLoadSearch(db.pool, corpus(200, (i) => (i === 0 ? 'Crowd scenes' : `Clip ${i}`)));
    const index = new PgSearchIndex(db.pool, { exactCap: 10, recentDensity: 2, stage1Bands: 1 });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 60; page++) {
      const r = await index.search({ q: 'crowd', limit: 7, momentsPerAsset: 1, ...(cursor ? { cursor } : {}) });
      expect(r.plan).toBe('two_stage');
      seen.push(...r.hits.map((h) => h.assetId));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(Array.from({ length: 200 }, (_, i) => id(i)));
    // seq starts at 1, 64 assets per band: the newest band holds seq 192-200 (assets 191-199).
    expect(seen.slice(0, 9).sort()).toEqual(Array.from({ length: 9 }, (_, i) => id(191 + i)));
    // Groups of 1, 1, then 2 bands: asset 0 (seq 1, band 0) leads the third group, after the 9 + 64 newer ones.
    expect(seen.indexOf(id(0))).toBe(73);
  });

  it('draws stage-1 candidates from GIN only, and reads stage 2 through the primary key', async () => {
    await bulkLoadSearch(db.pool, corpus(300));
    await db.pool.query('VACUUM ANALYZE search_assets, search_segments');
    const { pool, seen } = recording(db.pool);
    const index = new PgSearchIndex(pool, { exactCap: 10, recentDensity: 2 });
    expect((await index.search({ q: 'crowd', limit: 10, momentsPerAsset: 1, from: '2024-01-01T00:00:00Z' })).hits).toHaveLength(10);
    const explain = async (needle: string): Promise<string> => {
      const stmt = seen.find((s) => s.sql.includes(needle));
      expect(stmt, needle).toBeDefined();
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN; SET LOCAL enable_seqscan = off');
        const plan = await client.query(`EXPLAIN (FORMAT JSON) ${stmt!.sql}`, stmt!.params);
        await client.query('ROLLBACK');
        return JSON.stringify(plan.rows[0]);
      } finally {
        client.release();
      }
    };
    const stage1 = await explain('row_number() OVER');
    expect(stage1).toContain('search_assets_tsv');
    expect(stage1).not.toMatch(/"Filter":"[^"]*_tsv @@/);
    expect(stage1).not.toContain('Seq Scan');
    const stage2 = await explain('ts_match_vq');
    expect(stage2).toContain('search_segments_pkey');
    expect(stage2).not.toContain('search_segments_tsv');
  });

  it('caps a broad prefix to its common words once statistics exist, and still highlights by prefix', async () => {
    await bulkLoadSearch(db.pool, corpus(120));
    await createSearchGinIndexes(db.pool);
    const { pool, seen } = recording(db.pool);
    const index = new PgSearchIndex(pool, { exactCap: 100 });
    const r = await index.search({ q: 'cro*', limit: 5, momentsPerAsset: 1 });
    expect(r.plan).toBe('two_stage');
    const stage1 = seen.find((s) => s.sql.includes('row_number() OVER'));
    expect(stage1?.params[0]).toMatch(/^\(\('crowd'\)\) & /);
    expect(r.hits).toHaveLength(5);
    expect(r.hits[0]?.moments[0]?.highlighted).toBe('the <mark>crowd</mark> cheered rare119');
  });

  it('bulk loads with the GIN indexes deferred, replacing what an asset had', async () => {
    const index = new PgSearchIndex(db.pool);
    await index.replaceSegments(id(1), 'ocr-step', [{ ...speech(id(1), 0, 'old caption'), kind: 'ocr', source: 'ocr-step' }]);
    await dropSearchGinIndexes(db.pool);
    await bulkLoadSearch(db.pool, corpus(3));
    await createSearchGinIndexes(db.pool);
    expect((await index.search({ q: 'rare1', limit: 5, momentsPerAsset: 1 })).hits.map((h) => h.assetId)).toEqual([id(1)]);
    expect(await index.listSegments(id(1), 'ocr')).toEqual([]);
    expect((await index.listSegments(id(2))).map((s) => s.startMs)).toEqual(Array.from({ length: 20 }, (_, j) => j * 1000));
    expect((await index.search({ q: 'caption', limit: 5, momentsPerAsset: 1 })).hits).toEqual([]);
  });

  it('finds phrases through their adjacent pairs, on rows written before the pair index existed (migration 240)', async () => {
    await db.drop();
    db = await tempPgSchema(pgSearchMigrations.filter((m) => m.id < 240));
    await bulkLoadSearch(db.pool, corpus(40));
    await migratePostgres(db.pool, pgSearchMigrations, db.schema);
    await db.pool.query('VACUUM ANALYZE search_assets, search_segments');
    const { pool, seen } = recording(db.pool);
    const q = (index: PgSearchIndex, query: string) => index.search({ q: query, limit: 50, momentsPerAsset: 1 }).then((r) => r.hits.map((h) => h.assetId));
    const exact = new PgSearchIndex(pool);
    expect(await q(exact, '"crowd cheered"')).toHaveLength(40);
    expect(await q(exact, '"cheered crowd"')).toEqual([]);
    const drawn = seen.find((s) => s.sql.includes('search_pairs(s.tsv) @@'));
    expect(drawn?.params).toContain("'crowd cheer'");
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL enable_seqscan = off');
      const plan = JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) ${drawn!.sql}`, drawn!.params)).rows[0]);
      await client.query('ROLLBACK');
      expect(plan).toContain('search_segments_pairs');
      expect(plan).not.toContain('search_segments_tsv');
    } finally {
      client.release();
    }
    // Two-stage: verification reads the assets holding a hit first, then only their segments.
    seen.length = 0;
    const broad = new PgSearchIndex(pool, { exactCap: 1, recentDensity: 2 });
    expect(await q(broad, '"crowd cheered" rare7')).toEqual([id(7)]);
    expect(seen.some((s) => s.sql.includes('array_agg(DISTINCT h.asset_seq)'))).toBe(true);
    expect(await q(broad, '"band played" crowd')).toEqual([]);
    expect((await q(broad, 'crowd rare12'))).toEqual([id(12)]);
  });

  it('rejects an unparseable date filter as an invalid query', async () => {
    const index = new PgSearchIndex(db.pool);
    await expect(index.search({ q: 'x', from: 'yesterday', limit: 5, momentsPerAsset: 1 })).rejects.toMatchObject({ code: 'search.query_invalid' });
  });
});
