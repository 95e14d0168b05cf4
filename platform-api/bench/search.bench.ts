/**
 * Search benchmark (docs/search.md): a deterministic synthetic catalog written through
 * SqliteSearchIndex's own write path (upsertAsset + replaceSegments, 100 assets per outer
 * transaction, FTS5 automerge off until the final 'optimize'),
 * then p50/p95/p99 per query shape beside the same query on a plain single FTS5 table of the
 * same segments (bm25, grouped by asset, top 20) built in the same file and run.
 * PostgreSQL beside it: the same corpus bulk-loaded through PgSearchIndex's loader into a
 * dedicated schema (dropped at the end) of CUTAWAY_BENCH_DATABASE_URL or CUTAWAY_TEST_DATABASE_URL,
 * each query timed on both engines in turn; CUTAWAY_BENCH_PG_5M=1 (or a segment count) adds a
 * PostgreSQL-only run at 5M segments. Without a URL, PostgreSQL is skipped and says why.
 *   CUTAWAY_BENCH_SEGMENTS=200000 npx tsx bench/search.bench.ts   (default 2,000,000)
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexQuery } from '../src/ports/search-index';
import { migrate, openSqlite } from '../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../src/adapters/sqlite/migrations';
import { SqliteSearchIndex } from '../src/adapters/sqlite/search-index';
import { allOf } from '../src/adapters/sqlite/search-fts';
import { parseQuery, porterStem } from '../src/rules/search-query';
import type { SqliteDb } from '../src/adapters/sqlite/database';
import { migratePostgres, openPostgres, type PgPool } from '../src/adapters/postgres/database';
import { pgSearchMigrations } from '../src/adapters/postgres/search.migrations';
import { PgSearchIndex } from '../src/adapters/postgres/search-index';
import { bulkLoadSearch, createSearchGinIndexes, dropSearchGinIndexes, type BulkAsset } from '../src/adapters/postgres/search-bulk';

const SEGMENTS = Number(process.env.CUTAWAY_BENCH_SEGMENTS ?? 2_000_000);
const RUNS = 50;
const WARMUP = 5;
const DAY = 86_400_000;

// ---- Synthetic catalog: seeded, Zipf-like (s = 1) over ~40k words, 8–20 words per segment.

const VOCAB = 40_000;
const STOP = ['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'on'];
const KIND_ROLL: Array<[number, 'speech' | 'ocr' | 'shot']> = [[0.6, 'speech'], [0.85, 'ocr'], [1, 'shot']];
const TYPE_ROLL: Array<[number, 'video' | 'audio' | 'image' | 'document']> = [[0.7, 'video'], [0.85, 'audio'], [0.9, 'image'], [1, 'document']];
/** Classes by share of segments holding the term. */
const CLASSES = { rare: [2.5e-5, 2e-4], common: [0.005, 0.02], frequent: [0.07, 0.13], stop: [0.3, 1] } as const;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pronounceable words kept only when Porter leaves them alone, so word frequency = FTS term frequency. */
function vocabulary(rand: () => number): string[] {
  const words = [...STOP];
  const seen = new Set(words);
  const ch = (s: string) => s[Math.floor(rand() * s.length)]!;
  while (words.length < VOCAB) {
    let w = '';
    for (let i = 2 + Math.floor(rand() * 3); i > 0; i--) w += ch('bdfghklmnprstvz') + ch('aeiou');
    w += ch('kmnprtd');
    if (!seen.has(w) && porterStem(w) === w) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

interface Catalog {
  segments: number;
  assets: number;
  epochMs: number;
  terms: { rare: string[]; common: string[]; frequent: string[]; stop: string[]; prefixes: string[] };
  phrases: string[];
  classes: Record<string, { terms: number; avgSegmentHits: number }>;
}

/** With `db` null only `sink` receives the corpus (the PostgreSQL-only 5M run); `sink` sees each batch after SQLite. */
async function buildCatalog(db: SqliteDb | null, index: SqliteSearchIndex | null, total: number, log: (m: string) => void,
  sink?: (batch: BulkAsset[]) => Promise<void>): Promise<Catalog> {
  const rand = mulberry32(20240611);
  const words = vocabulary(rand);
  const cdf = new Float64Array(VOCAB);
  for (let r = 0, acc = 0; r < VOCAB; r++) cdf[r] = acc += 1 / (r + 1);
  const zipf = (): number => {
    const u = rand() * cdf[VOCAB - 1]!;
    let lo = 0;
    for (let hi = VOCAB - 1; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const phraseOf = (n: number) => Array.from({ length: n }, () => words[zipf()]).join(' ');
  const roll = <T>(table: Array<[number, T]>): T => { const u = rand(); return table.find(([p]) => u < p)![1]; };
  const df = new Uint32Array(VOCAB);
  const lastSeg = new Int32Array(VOCAB).fill(-1);
  const phrases: string[] = [];
  const assets = Math.max(10, Math.round(total / 100));
  const epochMs = Date.UTC(2023, 0, 1);
  const naive = db?.prepare('INSERT INTO naive_fts (text, asset, kind, created) VALUES (?, ?, ?, ?)');
  let segNo = 0;
  const makeAsset = (a: number) => {
    const assetId = `asset-${String(a).padStart(6, '0')}`;
    const createdMs = epochMs + Math.floor(rand() * 730 * DAY);
    const tags = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => words[100 + Math.floor(rand() * 1900)]!);
    const doc = { assetId, title: phraseOf(3 + Math.floor(rand() * 4)), description: phraseOf(10 + Math.floor(rand() * 11)), tags,
      fileName: `clip_${a}.mxf`, type: roll(TYPE_ROLL), createdAt: new Date(createdMs).toISOString() };
    let t = 0;
    const segs = Array.from({ length: Math.round(((a + 1) * total) / assets) - Math.round((a * total) / assets) }, () => {
      const ranks = Array.from({ length: 8 + Math.floor(rand() * 13) }, zipf);
      for (const r of ranks) {
        if (lastSeg[r] === segNo) continue;
        lastSeg[r] = segNo;
        df[r]!++;
      }
      const j = Math.floor(rand() * (ranks.length - 1));
      if (phrases.length < 500 && rand() < 0.01 && ranks[j]! >= 10 && ranks[j + 1]! >= 10 && ranks[j]! < 3000 && ranks[j + 1]! < 3000) phrases.push(`${words[ranks[j]!]} ${words[ranks[j + 1]!]}`);
      segNo++;
      const startMs = t;
      t += 2000 + Math.floor(rand() * 4000);
      return { assetId, kind: roll(KIND_ROLL), startMs, endMs: t, text: ranks.map((r) => words[r]).join(' '), source: 'asr', confidence: null, words: null };
    });
    return { doc, segs, createdMs };
  };
  // The adapter's own upsertAsset/replaceSegments, 100 assets per outer transaction (their own
  // transactions become savepoints), as a bulk import would: FTS5 then flushes fewer, larger segments.
  for (let a0 = 0; a0 < assets; a0 += 100) {
    const batch = Array.from({ length: Math.min(100, assets - a0) }, (_, i) => makeAsset(a0 + i));
    const writes: Array<Promise<void>> = [];
    if (db && index && naive) {
      db.transaction(() => {
        for (const { doc, segs, createdMs } of batch) {
          writes.push(index.upsertAsset(doc), index.replaceSegments(doc.assetId, 'asr', segs));
          for (const s of segs) naive.run(s.text, doc.assetId, s.kind, createdMs);
        }
      })();
    }
    await Promise.all(writes);
    if (sink) await sink(batch.map(({ doc, segs }) => ({ doc, segments: segs })));
    if (Math.floor((a0 + 100) / assets * 10) > Math.floor(a0 / assets * 10)) log(`loaded ${segNo} segments`);
  }
  const inClass = ([lo, hi]: readonly [number, number]) => words.filter((_, r) => df[r]! / segNo >= lo && df[r]! / segNo <= hi);
  const spread = (list: string[]) => Array.from({ length: Math.min(RUNS, list.length) }, (_, i) => list[Math.floor((i * list.length) / Math.min(RUNS, list.length))]!);
  const terms = {
    rare: spread(inClass(CLASSES.rare)), common: spread(inClass(CLASSES.common)), frequent: spread(inClass(CLASSES.frequent)), stop: spread(inClass(CLASSES.stop)),
    prefixes: [...new Set(inClass(CLASSES.common).map((w) => w.slice(0, 4)))].slice(0, RUNS),
  };
  const hitsOf = (w: string) => df[words.indexOf(w)] ?? 0;
  const prefixHits = (p: string) => words.reduce((n, w, r) => n + (w.startsWith(p) ? df[r]! : 0), 0);
  const avg = (list: string[], f: (w: string) => number) => Math.round(list.reduce((n, w) => n + f(w), 0) / Math.max(1, list.length));
  const classes = Object.fromEntries(Object.entries(terms).map(([k, list]) => [k, { terms: list.length, avgSegmentHits: avg(list, k === 'prefixes' ? prefixHits : hitsOf) }]));
  for (const [k, list] of Object.entries(terms)) if (list.length === 0) throw new Error(`no ${k} terms at this size`);
  return { segments: segNo, assets, epochMs, terms, phrases, classes };
}

interface Shape {
  name: string;
  heavy: boolean;
  queries: Array<{ q: string; kinds?: IndexQuery['kinds']; from?: string; to?: string }>;
}

function shapes(c: Catalog): Shape[] {
  const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
  const n = (f: (i: number) => Shape['queries'][number]) => Array.from({ length: RUNS + WARMUP }, (_, i) => f(i));
  const window = (i: number) => {
    const from = c.epochMs + ((i * 37) % 600) * DAY;
    return { from: new Date(from).toISOString(), to: new Date(from + 91 * DAY).toISOString() };
  };
  return [
    { name: 'rare term', heavy: false, queries: n((i) => ({ q: pick(c.terms.rare, i) })) },
    { name: 'common term', heavy: true, queries: n((i) => ({ q: pick(c.terms.common, i) })) },
    { name: 'very frequent term (~10%)', heavy: true, queries: n((i) => ({ q: pick(c.terms.frequent, i) })) },
    { name: 'stop-word-like term', heavy: true, queries: n((i) => ({ q: pick(c.terms.stop, i) })) },
    { name: '2-word AND (common + frequent)', heavy: false, queries: n((i) => ({ q: `${pick(c.terms.common, i + 7)} ${pick(c.terms.frequent, i)}` })) },
    { name: 'phrase', heavy: false, queries: n((i) => ({ q: `"${pick(c.phrases, i)}"` })) },
    { name: 'prefix (4 chars)', heavy: true, queries: n((i) => ({ q: `${pick(c.terms.prefixes, i)}*` })) },
    { name: 'common term + kind=ocr', heavy: true, queries: n((i) => ({ q: pick(c.terms.common, i + 3), kinds: ['ocr'] })) },
    { name: 'common term + 3-month date range', heavy: true, queries: n((i) => ({ q: pick(c.terms.common, i + 5), ...window(i) })) },
  ];
}

const NAIVE_KIND = ' AND kind = ?';
const NAIVE_DATE = ' AND created BETWEEN ? AND ?';
/** The plain way: one FTS5 table, every hit scored, grouped per asset (bm25 cannot sit inside the aggregate). */
const naiveSql = (kind: boolean, date: boolean) => `
  WITH hit AS MATERIALIZED (
    SELECT asset, -bm25(naive_fts) AS score FROM naive_fts WHERE naive_fts MATCH ?${kind ? NAIVE_KIND : ''}${date ? NAIVE_DATE : ''}
  ) SELECT asset, max(score) AS best FROM hit GROUP BY asset ORDER BY best DESC LIMIT 20`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: +pct(s, 50).toFixed(2), p95: +pct(s, 95).toFixed(2), p99: +pct(s, 99).toFixed(2) };
};

// ---- PostgreSQL: the same corpus and queries, in a schema of its own.

const PG_URL = process.env.CUTAWAY_BENCH_DATABASE_URL || process.env.CUTAWAY_TEST_DATABASE_URL;
const PG_BIG = process.env.CUTAWAY_BENCH_PG_5M === '1' ? 5_000_000 : Number(process.env.CUTAWAY_BENCH_PG_5M ?? 0);
const PG_TARGET_MS = 50;

interface PgBench { pool: PgPool; schema: string; index: PgSearchIndex; loadMs: number; closed?: boolean; sink: (batch: BulkAsset[]) => Promise<void> }

async function openPg(url: string, tag: string): Promise<PgBench> {
  const schema = `bench_search_${tag}_${process.pid}`;
  const pool = openPostgres(url, { schema, max: 2 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await migratePostgres(pool, pgSearchMigrations, schema);
    // GIN indexes are built once, after the load (docs/search.md "Writes": COPY + GIN).
    await dropSearchGinIndexes(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const pg: PgBench = { pool, schema, index: new PgSearchIndex(pool), loadMs: 0, sink: async (batch) => {
    const t = performance.now();
    await bulkLoadSearch(pool, batch);
    pg.loadMs += performance.now() - t;
  } };
  return pg;
}

/** GIN build + VACUUM ANALYZE; the schema's size with indexes and TOAST. */
async function finishPg(pg: PgBench): Promise<{ loadSeconds: number; indexSeconds: number; sizeMb: number }> {
  const t = performance.now();
  await createSearchGinIndexes(pg.pool);
  const { rows } = await pg.pool.query<{ mb: number }>(
    "SELECT (sum(pg_total_relation_size(oid)) / 1048576)::int AS mb FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r'", [pg.schema]);
  return { loadSeconds: +(pg.loadMs / 1000).toFixed(1), indexSeconds: +((performance.now() - t) / 1000).toFixed(1), sizeMb: rows[0]?.mb ?? 0 };
}

async function closePg(pg: PgBench): Promise<void> {
  if (pg.closed) return;
  pg.closed = true;
  await pg.pool.query(`DROP SCHEMA IF EXISTS ${pg.schema} CASCADE`).catch(() => undefined);
  await pg.pool.end();
}

const pgRow = (shape: string, ms: number[], plans: Record<string, number>, sqliteP95: number | null) => {
  const pg = stats(ms);
  return { shape, pg, plans, sqliteP95, ratioP95: sqliteP95 ? +(pg.p95 / sqliteP95).toFixed(3) : null };
};

/** PostgreSQL alone on a bigger corpus (CUTAWAY_BENCH_PG_5M): same generator, same query shapes. */
async function pgOnly(url: string, total: number, log: (m: string) => void) {
  const pg = await openPg(url, 'big');
  try {
    const catalog = await buildCatalog(null, null, total, log, pg.sink);
    const built = await finishPg(pg);
    log(`postgres ${total}: loaded in ${built.loadSeconds} s, indexed in ${built.indexSeconds} s`);
    const results = [];
    for (const shape of shapes(catalog)) {
      const ms: number[] = [];
      const plans: Record<string, number> = {};
      for (const [i, query] of shape.queries.entries()) {
        const t0 = performance.now();
        const r = await pg.index.search({ limit: 20, momentsPerAsset: 3, ...query });
        if (i < WARMUP) continue;
        ms.push(performance.now() - t0);
        plans[r.plan] = (plans[r.plan] ?? 0) + 1;
      }
      results.push(pgRow(shape.name, ms, plans, null));
    }
    return { segments: catalog.segments, assets: catalog.assets, ...built, classes: catalog.classes, pass: results.every((r) => r.pg.p95 <= PG_TARGET_MS), results };
  } finally {
    await closePg(pg);
  }
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  let pgSkipped = PG_URL ? null : 'neither CUTAWAY_BENCH_DATABASE_URL nor CUTAWAY_TEST_DATABASE_URL is set';
  const pg = PG_URL ? await openPg(PG_URL, 'main').catch((err: unknown) => void (pgSkipped = `cannot open PostgreSQL: ${String(err)}`)) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-bench-search-'));
  const path = join(dir, 'bench.db');
  const db = openSqlite(path);
  try {
    // Same cache for both sides: they share the connection and the file.
    db.pragma('cache_size = -262144');
    migrate(db, ALL_MIGRATIONS);
    db.exec(`CREATE VIRTUAL TABLE naive_fts USING fts5(text, asset UNINDEXED, kind UNINDEXED, created UNINDEXED,
      tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')`);
    const index = new SqliteSearchIndex(db);
    const started = performance.now();
    // Bulk-load setting only: FTS5 merging waits for the one 'optimize' below (automerge back to its default 4 first).
    const fts = ['search_segment_fts', 'search_rank_fts', 'search_field_fts', 'naive_fts'];
    const automerge = (n: number) => fts.forEach((t) => db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', ${n})`));
    automerge(0);
    const catalog = await buildCatalog(db, index, SEGMENTS, log, pg?.sink);
    automerge(4);
    // The PostgreSQL writes ran inside the same loop: their time is not SQLite's.
    const pgLoadS = (pg?.loadMs ?? 0) / 1000;
    const loadS = (performance.now() - started) / 1000 - pgLoadS;
    for (const t of fts) db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize')`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const buildS = (performance.now() - started) / 1000 - pgLoadS;
    process.stderr.write(`built in ${buildS.toFixed(0)} s (load ${loadS.toFixed(0)} s)\n`);
    const pgBuilt = pg ? await finishPg(pg) : null;
    if (pgBuilt) log(`postgres: loaded in ${pgBuilt.loadSeconds} s, indexed in ${pgBuilt.indexSeconds} s, ${pgBuilt.sizeMb} MB`);
    const pgResults: Array<ReturnType<typeof pgRow>> = [];

    const results = [];
    for (const shape of shapes(catalog)) {
      const ours: number[] = [];
      const naive: number[] = [];
      const plans: Record<string, number> = {};
      const pgMs: number[] = [];
      const pgPlans: Record<string, number> = {};
      for (const [i, query] of shape.queries.entries()) {
        const t0 = performance.now();
        const r = await index.search({ limit: 20, momentsPerAsset: 3, ...query });
        const t1 = performance.now();
        const naiveArgs = [allOf(parseQuery(query.q).terms), ...(query.kinds ? [query.kinds[0]!] : []), ...(query.from ? [Date.parse(query.from), Date.parse(query.to!)] : [])];
        db.prepare(naiveSql(!!query.kinds, !!query.from)).all(...naiveArgs);
        const t2 = performance.now();
        const pr = await pg?.index.search({ limit: 20, momentsPerAsset: 3, ...query });
        const t3 = performance.now();
        if (i < WARMUP) continue;
        ours.push(t1 - t0);
        naive.push(t2 - t1);
        plans[r.plan] = (plans[r.plan] ?? 0) + 1;
        if (pr) pgMs.push(t3 - t2);
        if (pr) pgPlans[pr.plan] = (pgPlans[pr.plan] ?? 0) + 1;
      }
      const o = stats(ours);
      const nv = stats(naive);
      const row = { shape: shape.name, heavy: shape.heavy, plans, ours: o, naive: nv, ratioP95: +(o.p95 / nv.p95).toFixed(3) };
      results.push(row);
      if (pg) pgResults.push(pgRow(shape.name, pgMs, pgPlans, o.p95));
      process.stderr.write(`${shape.name}: ours p95 ${o.p95} ms, naive p95 ${nv.p95} ms${pg ? `, postgres p95 ${pgResults.at(-1)?.pg.p95} ms` : ''}\n`);
    }
    if (pg) await closePg(pg);
    const big = PG_URL && PG_BIG > 0 && !pgSkipped ? await pgOnly(PG_URL, PG_BIG, log) : null;

    const fileMb = Math.round(statSync(path).size / 2 ** 20);
    const pass = results.every((r) => r.ours.p95 <= 50 && (!r.heavy || r.ratioP95 <= 0.25));
    const line = (cells: Array<string | number>, w: number[]) => cells.map((c, i) => String(c).padStart(w[i]!)).join('  ');
    const w = [34, 8, 8, 8, 9, 9, 9, 7, 6, 22];
    console.log(`Search bench: ${catalog.segments.toLocaleString('en')} segments, ${catalog.assets.toLocaleString('en')} assets, build ${buildS.toFixed(0)} s, file ${fileMb} MB, ${RUNS} warm runs per shape (ms)`);
    console.log(line(['shape', 'p50', 'p95', 'p99', 'naive50', 'naive95', 'naive99', 'ratio', 'heavy', 'plans'], w));
    for (const r of results) {
      const plans = Object.entries(r.plans).map(([k, v]) => `${k}:${v}`).join(' ');
      console.log(line([r.shape, r.ours.p50, r.ours.p95, r.ours.p99, r.naive.p50, r.naive.p95, r.naive.p99, r.ratioP95, r.heavy ? 'yes' : '', plans], w));
    }
    console.log(`targets (p95 <= 50 ms everywhere, heavy shapes <= 1/4 of naive p95): ${pass ? 'PASS' : 'FAIL'}`);
    const postgres = pgBuilt ? { segments: catalog.segments, ...pgBuilt, pass: pgResults.every((r) => r.pg.p95 <= PG_TARGET_MS), results: pgResults } : { skipped: pgSkipped };
    const pgTable = (title: string, rows: typeof pgResults, ok: boolean) => {
      const pw = [34, 8, 8, 8, 9, 9, 22];
      console.log(title);
      console.log(line(['shape', 'pg50', 'pg95', 'pg99', 'sqlite95', 'pg/sqlite', 'pg plans'], pw));
      for (const r of rows) {
        const plans = Object.entries(r.plans).map(([k, v]) => `${k}:${v}`).join(' ');
        console.log(line([r.shape, r.pg.p50, r.pg.p95, r.pg.p99, r.sqliteP95 ?? '-', r.ratioP95 ?? '-', plans], pw));
      }
      console.log(`PostgreSQL target (p95 <= ${PG_TARGET_MS} ms for every shape): ${ok ? 'PASS' : 'FAIL'}`);
    };
    if ('results' in postgres) {
      pgTable(`PostgreSQL, same corpus and queries in the same run: load ${postgres.loadSeconds} s, GIN + vacuum ${postgres.indexSeconds} s, ${postgres.sizeMb} MB (ms)`, postgres.results, postgres.pass);
    } else console.log(`PostgreSQL skipped: ${pgSkipped}`);
    if (big) pgTable(`PostgreSQL alone: ${big.segments.toLocaleString('en')} segments, ${big.assets.toLocaleString('en')} assets, load ${big.loadSeconds} s, GIN + vacuum ${big.indexSeconds} s, ${big.sizeMb} MB (ms)`, big.results, big.pass);
    console.log(JSON.stringify({ bench: 'search', segments: catalog.segments, assets: catalog.assets, buildSeconds: +buildS.toFixed(1), fileMb, runs: RUNS, classes: catalog.classes, pass, results, postgres, ...(big ? { postgresBig: big } : {}) }));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    if (pg) await closePg(pg).catch(() => undefined);
  }
}

await main();
