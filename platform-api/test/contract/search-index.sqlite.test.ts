import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Segment } from '@cutaway/shared';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SEQ_SPAN } from '../../src/adapters/sqlite/search-fts';
import { SqliteSearchIndex } from '../../src/adapters/sqlite/search-index';
import type { PlannerOptions } from '../../src/adapters/sqlite/search-plan';
import { runSearchIndexContract } from './search-index.contract';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real catalog file in a temp dir (WAL, as in production), never :memory:. */
function openFile(): SqliteDb {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-search-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return db;
}

const make = (planner: Partial<PlannerOptions> = {}) => async () => {
  const db = openFile();
  return { index: new SqliteSearchIndex(db, planner), close: async () => void db.close() };
};

runSearchIndexContract('sqlite file', make());
// The same contract with every query sent down the two-stage path, which small fixtures never reach otherwise.
runSearchIndexContract('sqlite file, forced two-stage', make({ exactCap: 1, recentDensity: 2 }));

const speech = (assetId: string, i: number, text: string): Segment => ({
  assetId, kind: 'speech', startMs: i * 1000, endMs: i * 1000 + 900, text, source: 'asr', confidence: null, words: null,
});

describe('SqliteSearchIndex specifics', () => {
  let db: SqliteDb;
  beforeEach(() => {
    db = openFile();
  });
  afterEach(() => db.close());

  async function seed(index: SqliteSearchIndex, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const id = `asset-${String(i).padStart(3, '0')}`;
      await index.upsertAsset({ assetId: id, title: `Clip ${i}`, description: '', tags: [], fileName: `${id}.mxf`, type: 'video', createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString() });
      await index.replaceSegments(id, 'asr', Array.from({ length: 20 }, (_, j) => speech(id, j, `the ${j % 5 ? 'band played' : 'crowd cheered'} rare${i}`)));
    }
  }

  it('gives each asset one contiguous rowid range, shared by FTS and the side table', async () => {
    const index = new SqliteSearchIndex(db);
    await seed(index, 3);
    const rows = db.prepare('SELECT s.id, f.rowid AS fts FROM search_segments s JOIN search_segment_fts f ON f.rowid = s.id ORDER BY s.id').all() as Array<{ id: number; fts: number }>;
    expect(rows).toHaveLength(60);
    const bySeq = new Map<number, number[]>();
    for (const r of rows) bySeq.set(Math.floor(r.id / SEQ_SPAN), [...(bySeq.get(Math.floor(r.id / SEQ_SPAN)) ?? []), r.id]);
    expect([...bySeq.values()].map((g) => g.length)).toEqual([20, 20, 20]);
    for (const g of bySeq.values()) expect(g.at(-1)! - g[0]!).toBe(19);
    expect(db.prepare('SELECT count(*) FROM search_field_fts').pluck().get()).toBe(3);
    // Impact rows: each asset at a few levels, every one findable by rowid range.
    const levels = db.prepare('SELECT seq, rank_levels FROM search_assets').all() as Array<{ seq: number; rank_levels: string }>;
    for (const { seq, rank_levels } of levels) {
      const found = db.prepare(`SELECT rowid FROM search_rank_fts WHERE search_rank_fts MATCH 'crowd' AND rowid % ${2 ** 32} = ?`).pluck().all(seq);
      expect(found).toHaveLength(1);
      expect(JSON.parse(rank_levels).length).toBeGreaterThan(0);
    }
  });

  it('plans exact for selective queries, two-stage for broad ones, recent for stop-word-like ones', async () => {
    await seed(new SqliteSearchIndex(db), 30);
    const index = new SqliteSearchIndex(db, { exactCap: 50, minSample: 100, sampleAssets: 10, recentDensity: 0.3 });
    const q = (query: string) => index.search({ q: query, limit: 10, momentsPerAsset: 2 });
    expect((await q('rare7')).plan).toBe('exact');
    expect((await q('crowd')).plan).toBe('two_stage'); // 120 hits (> cap) in 20% of segments
    const the = await q('the');
    expect(the.plan).toBe('recent');
    // Recent: newest first, each with its best moments.
    expect(the.hits.map((h) => h.assetId)).toEqual(Array.from({ length: 10 }, (_, i) => `asset-${String(29 - i).padStart(3, '0')}`));
    expect(the.hits[0]?.moments).toHaveLength(2);
    const page2 = await index.search({ q: 'the', limit: 10, momentsPerAsset: 0, cursor: the.nextCursor! });
    expect(page2.plan).toBe('recent');
    expect(page2.hits[0]?.assetId).toBe('asset-019');
    // A stop-word-like term beside an informative one: stage 1 ranks by the informative term only.
    const mixed = await q('the crowd');
    expect(mixed.plan).toBe('two_stage');
    expect(mixed.hits).toHaveLength(10);
  });

  it('keeps the plan of the first page for the following ones', async () => {
    await seed(new SqliteSearchIndex(db), 12);
    const index = new SqliteSearchIndex(db, { exactCap: 10, recentDensity: 2 });
    const first = await index.search({ q: 'crowd', limit: 5, momentsPerAsset: 1 });
    expect(first.plan).toBe('two_stage');
    await index.replaceSegments('asset-000', 'asr', []);
    const next = await index.search({ q: 'crowd', limit: 5, momentsPerAsset: 1, cursor: first.nextCursor! });
    expect(next.plan).toBe('two_stage');
  });

  it('renumbers an asset whose rowid range would overflow', async () => {
    const index = new SqliteSearchIndex(db);
    await index.replaceSegments('asset-big', 'a', [speech('asset-big', 0, 'alpha')]);
    const seq = db.prepare('SELECT seq FROM search_assets').pluck().get() as number;
    // Simulate a long history of re-runs: the last row sits at the very end of the range.
    const last = seq * SEQ_SPAN + SEQ_SPAN - 1;
    db.prepare('DELETE FROM search_segment_fts WHERE rowid = ?').run(seq * SEQ_SPAN);
    db.prepare('INSERT INTO search_segment_fts (rowid, speech) VALUES (?, ?)').run(last, 'alpha');
    db.prepare('UPDATE search_segments SET id = ? WHERE source = ?').run(last, 'a');
    await index.replaceSegments('asset-big', 'b', [speech('asset-big', 1, 'beta'), speech('asset-big', 2, 'gamma')]);
    const ids = db.prepare('SELECT id - ? FROM search_segments ORDER BY id').pluck().all(seq * SEQ_SPAN);
    expect(ids).toEqual([0, 1, 2]);
    expect((await index.search({ q: 'alpha', limit: 5, momentsPerAsset: 1 })).hits).toHaveLength(1);
    expect((await index.search({ q: 'gamma', limit: 5, momentsPerAsset: 1 })).hits[0]?.moments[0]?.startMs).toBe(2000);
  });

  it('rejects an unparseable date filter as an invalid query', async () => {
    const index = new SqliteSearchIndex(db);
    await expect(index.search({ q: 'x', from: 'yesterday', limit: 5, momentsPerAsset: 1 })).rejects.toMatchObject({ code: 'search.query_invalid' });
  });
});
