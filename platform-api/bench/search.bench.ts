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
 * CUTAWAY_BENCH_PG_KEEP=<schema> keeps the PostgreSQL corpus in that schema (`<schema>_big` for the 5M run)
 * and reuses it when it already holds a corpus of the same size (loading 5M takes long); pending migrations
 * run on it first, so a kept corpus also measures a migration's backfill.
 * PostgreSQL also runs each query with its planner as before the pair index (no pairs, no hit set:
 * `pgold`), alternating with the current one in the same process, so the ratio does not depend on the load.
 * Besides wall time, each query's CPU: the Node process (process.cpuUsage) plus, for PostgreSQL, its
 * backends (/proc/<pid>/schedstat, server on this machine), which a loaded machine does not distort.
 *   CUTAWAY_BENCH_SEGMENTS=200000 npx tsx bench/search.bench.ts   (default 2,000,000)
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const PG_KEEP = process.env.CUTAWAY_BENCH_PG_KEEP ?? '';

interface PgBench {
  pool: PgPool; schema: string; index: PgSearchIndex; baseline: PgSearchIndex; loadMs: number; migrateSeconds: number; closed?: boolean;
  /** The kept corpus already holds this size: nothing is loaded or rebuilt. */
  reused: boolean; keep: boolean;
  /** Backend pids of the pool's connections, for their CPU (cpuMs). */
  pids: Set<number>;
  sink: (batch: BulkAsset[]) => Promise<void>;
}

/** CPU milliseconds of PostgreSQL backends so far (schedstat's first field: ns on CPU). */
function backendCpuMs(pids: Iterable<number>): number {
  let ns = 0;
  for (const pid of pids) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A backend on another machine or gone: its CPU is not counted.
    }
  }
  return ns / 1e6;
}

const nodeCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function openPg(url: string, tag: string, segments: number): Promise<PgBench> {
  const keep = PG_KEEP !== '';
  const schema = keep ? (tag === 'big' ? `${PG_KEEP}_big` : PG_KEEP) : `bench_search_${tag}_${process.pid}`;
  const pool = openPostgres(url, { schema, max: 2 });
  const pids = new Set<number>();
  // node-pg keeps the backend's pid from the startup handshake (BackendKeyData); @types/pg does not declare it.
  pool.on('connect', (client) => pids.add((client as unknown as { processID: number }).processID));
  let reused = false;
  let migrateSeconds: number;
  try {
    if (!keep) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const kept = keep && (await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = $1::regnamespace AND relname = 'bench_corpus'", [schema]).catch(() => ({ rows: [{ n: 0 }] }))).rows[0]?.n === 1;
    reused = kept && (await pool.query<{ segments: number }>(`SELECT segments FROM ${schema}.bench_corpus`)).rows[0]?.segments === segments;
    if (keep && !reused) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const t = performance.now();
    await migratePostgres(pool, pgSearchMigrations, schema);
    migrateSeconds = +((performance.now() - t) / 1000).toFixed(1);
    // GIN indexes are built once, after the load (docs/search.md "Writes": COPY + GIN).
    if (!reused) await dropSearchGinIndexes(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const pg: PgBench = { pool, schema, index: new PgSearchIndex(pool), baseline: new PgSearchIndex(pool, { pairs: false, verifySetMax: 0 }), loadMs: 0, migrateSeconds, reused, keep, pids, sink: async (batch) => {
    if (reused) return;
    const t = performance.now();
    await bulkLoadSearch(pool, batch);
    pg.loadMs += performance.now() - t;
  } };
  return pg;
}

/** GIN build + VACUUM ANALYZE (unless reused); the schema's size with indexes and TOAST. */
async function finishPg(pg: PgBench, segments: number): Promise<{ loadSeconds: number; indexSeconds: number; sizeMb: number; reused: boolean; migrateSeconds: number }> {
  const t = performance.now();
  if (!pg.reused) {
    await createSearchGinIndexes(pg.pool);
    if (pg.keep) await pg.pool.query(`CREATE TABLE bench_corpus AS SELECT ${Math.trunc(segments)}::int AS segments`);
  }
  const { rows } = await pg.pool.query<{ mb: number }>(
    "SELECT (sum(pg_total_relation_size(oid)) / 1048576)::int AS mb FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r'", [pg.schema]);
  return { loadSeconds: +(pg.loadMs / 1000).toFixed(1), indexSeconds: +((performance.now() - t) / 1000).toFixed(1), sizeMb: rows[0]?.mb ?? 0, reused: pg.reused, migrateSeconds: pg.migrateSeconds };
}

async function closePg(pg: PgBench): Promise<void> {
  if (pg.closed) return;
  pg.closed = true;
  if (!pg.keep) await pg.pool.query(`DROP SCHEMA IF EXISTS ${pg.schema} CASCADE`).catch(() => undefined);
  await pg.pool.end();
}

/** One PostgreSQL search, timed in wall and CPU (Node + backends). */
async function timedPg(pg: PgBench, query: Shape['queries'][number], index = pg.index) {
  const c0 = nodeCpuMs() + backendCpuMs(pg.pids);
  const t0 = performance.now();
  const r = await index.search({ limit: 20, momentsPerAsset: 3, ...query });
  const ms = performance.now() - t0;
  return { r, ms, cpu: nodeCpuMs() + backendCpuMs(pg.pids) - c0 };
}

interface PgSamples { ms: number[]; cpu: number[]; oldCpu: number[]; plans: Record<string, number> }
const pgSamples = (): PgSamples => ({ ms: [], cpu: [], oldCpu: [], plans: {} });

/**
 * One query on both planners; samples kept after warm-up. The second run of a query finds the pages the
 * first read in cache, so the order alternates (`i` even: current first).
 */
async function samplePg(pg: PgBench, query: Shape['queries'][number], into: PgSamples | null, i: number): Promise<void> {
  const old = i % 2 === 1 ? await timedPg(pg, query, pg.baseline) : null;
  const t = await timedPg(pg, query);
  const oldCpu = old?.cpu ?? (await timedPg(pg, query, pg.baseline)).cpu;
  if (!into) return;
  into.ms.push(t.ms);
  into.cpu.push(t.cpu);
  into.oldCpu.push(oldCpu);
  into.plans[t.r.plan] = (into.plans[t.r.plan] ?? 0) + 1;
}

const pgRow = (shape: string, x: PgSamples, sqliteP95: number | null, sqliteCpuP95: number | null) => {
  const pg = stats(x.ms);
  const pgCpu = stats(x.cpu);
  const pgOldCpu = stats(x.oldCpu);
  return { shape, pg, pgCpu, pgOldCpu, cpuRatioP95: +(pgCpu.p95 / pgOldCpu.p95).toFixed(3), plans: x.plans, sqliteP95, sqliteCpuP95, ratioP95: sqliteP95 ? +(pg.p95 / sqliteP95).toFixed(3) : null };
};

/** PostgreSQL alone on a bigger corpus (CUTAWAY_BENCH_PG_5M): same generator, same query shapes. */
async function pgOnly(url: string, total: number, log: (m: string) => void) {
  const pg = await openPg(url, 'big', total);
  try {
    const catalog = await buildCatalog(null, null, total, log, pg.sink);
    const built = await finishPg(pg, total);
    log(`postgres ${total}: ${built.reused ? `kept corpus reused (migrations ${built.migrateSeconds} s)` : `loaded in ${built.loadSeconds} s, indexed in ${built.indexSeconds} s`}`);
    const results = [];
    for (const shape of shapes(catalog)) {
      const x = pgSamples();
      for (const [i, query] of shape.queries.entries()) await samplePg(pg, query, i < WARMUP ? null : x, i);
      results.push(pgRow(shape.name, x, null, null));
      log(`${shape.name}: postgres ${total} p95 ${results.at(-1)?.pg.p95} ms, cpu p95 ${results.at(-1)?.pgCpu.p95} ms (before the pair index: ${results.at(-1)?.pgOldCpu.p95} ms)`);
    }
    return { segments: catalog.segments, assets: catalog.assets, ...built, classes: catalog.classes,
      pass: results.every((r) => r.pg.p95 <= PG_TARGET_MS), cpuPass: results.every((r) => r.pgCpu.p95 <= PG_TARGET_MS), results };
  } finally {
    await closePg(pg);
  }
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  let pgSkipped = PG_URL ? null : 'neither CUTAWAY_BENCH_DATABASE_URL nor CUTAWAY_TEST_DATABASE_URL is set';
  const pg = PG_URL ? await openPg(PG_URL, 'main', SEGMENTS).catch((err: unknown) => void (pgSkipped = `cannot open PostgreSQL: ${String(err)}`)) : undefined;
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
    const pgBuilt = pg ? await finishPg(pg, SEGMENTS) : null;
    if (pgBuilt) log(`postgres: ${pgBuilt.reused ? `kept corpus reused (migrations ${pgBuilt.migrateSeconds} s)` : `loaded in ${pgBuilt.loadSeconds} s, indexed in ${pgBuilt.indexSeconds} s`}, ${pgBuilt.sizeMb} MB`);
    const pgResults: Array<ReturnType<typeof pgRow>> = [];

    const results = [];
    for (const shape of shapes(catalog)) {
      const ours: number[] = [];
      const oursCpu: number[] = [];
      const naive: number[] = [];
      const plans: Record<string, number> = {};
      const pgX = pgSamples();
      for (const [i, query] of shape.queries.entries()) {
        const c0 = nodeCpuMs();
        const t0 = performance.now();
        const r = await index.search({ limit: 20, momentsPerAsset: 3, ...query });
        const t1 = performance.now();
        const c1 = nodeCpuMs();
        const naiveArgs = [allOf(parseQuery(query.q).terms), ...(query.kinds ? [query.kinds[0]!] : []), ...(query.from ? [Date.parse(query.from), Date.parse(query.to!)] : [])];
        db.prepare(naiveSql(!!query.kinds, !!query.from)).all(...naiveArgs);
        const t2 = performance.now();
        if (pg) await samplePg(pg, query, i < WARMUP ? null : pgX, i);
        if (i < WARMUP) continue;
        ours.push(t1 - t0);
        oursCpu.push(c1 - c0);
        naive.push(t2 - t1);
        plans[r.plan] = (plans[r.plan] ?? 0) + 1;
      }
      const o = stats(ours);
      const oc = stats(oursCpu);
      const nv = stats(naive);
      const row = { shape: shape.name, heavy: shape.heavy, plans, ours: o, oursCpu: oc, naive: nv, ratioP95: +(o.p95 / nv.p95).toFixed(3) };
      results.push(row);
      if (pg) pgResults.push(pgRow(shape.name, pgX, o.p95, oc.p95));
      process.stderr.write(`${shape.name}: ours p95 ${o.p95} ms (cpu ${oc.p95}), naive p95 ${nv.p95} ms${pg ? `, postgres p95 ${pgResults.at(-1)?.pg.p95} ms (cpu ${pgResults.at(-1)?.pgCpu.p95})` : ''}\n`);
    }
    if (pg) await closePg(pg);
    const big = PG_URL && PG_BIG > 0 && !pgSkipped ? await pgOnly(PG_URL, PG_BIG, log) : null;

    const fileMb = Math.round(statSync(path).size / 2 ** 20);
    const pass = results.every((r) => r.ours.p95 <= 50 && (!r.heavy || r.ratioP95 <= 0.25));
    const line = (cells: Array<string | number>, w: number[]) => cells.map((c, i) => String(c).padStart(w[i]!)).join('  ');
    const planText = (plans: Record<string, number>) => Object.entries(plans).map(([k, v]) => `${k}:${v}`).join(' ');
    const pgOk = (rows: typeof pgResults) => ({ pass: rows.every((r) => r.pg.p95 <= PG_TARGET_MS), cpuPass: rows.every((r) => r.pgCpu.p95 <= PG_TARGET_MS) });
    const postgres = pgBuilt ? { segments: catalog.segments, ...pgBuilt, ...pgOk(pgResults), results: pgResults } : { skipped: pgSkipped };
    // One table: SQLite (ours and the naive FTS5 table) and PostgreSQL side by side, per shape.
    const w = [34, 7, 7, 7, 7, 8, 6, 6, 7, 7, 7, 7, 8, 9, 20, 24];
    console.log(`Search bench: ${catalog.segments.toLocaleString('en')} segments, ${catalog.assets.toLocaleString('en')} assets, SQLite build ${buildS.toFixed(0)} s, file ${fileMb} MB, ${RUNS} warm runs per shape (ms; cpu = process CPU, for PostgreSQL plus its backend; pgold = PostgreSQL planner before the pair index, same run)`);
    if ('results' in postgres) console.log(`PostgreSQL, same corpus and queries: ${postgres.reused ? `kept corpus, migrations ${postgres.migrateSeconds} s` : `load ${postgres.loadSeconds} s, GIN + vacuum ${postgres.indexSeconds} s`}, ${postgres.sizeMb} MB`);
    else console.log(`PostgreSQL skipped: ${pgSkipped}`);
    console.log(line(['shape', 'sq50', 'sq95', 'sq99', 'sqcpu95', 'naive95', 'ratio', 'heavy', 'pg50', 'pg95', 'pg99', 'pgcpu95', 'pgold95', 'cpu/old', 'sqlite plans', 'pg plans'], w));
    for (const r of results) {
      const g = pgResults.find((x) => x.shape === r.shape);
      console.log(line([r.shape, r.ours.p50, r.ours.p95, r.ours.p99, r.oursCpu.p95, r.naive.p95, r.ratioP95, r.heavy ? 'yes' : '',
        g?.pg.p50 ?? '-', g?.pg.p95 ?? '-', g?.pg.p99 ?? '-', g?.pgCpu.p95 ?? '-', g?.pgOldCpu.p95 ?? '-', g?.cpuRatioP95 ?? '-', planText(r.plans), g ? planText(g.plans) : '-'], w));
    }
    console.log(`SQLite targets (p95 <= 50 ms everywhere, heavy shapes <= 1/4 of naive p95): ${pass ? 'PASS' : 'FAIL'}`);
    if ('results' in postgres) console.log(`PostgreSQL target (p95 <= ${PG_TARGET_MS} ms for every shape): wall ${postgres.pass ? 'PASS' : 'FAIL'}, cpu ${postgres.cpuPass ? 'PASS' : 'FAIL'}`);
    if (big) {
      const bw = [34, 8, 8, 8, 8, 8, 8, 8, 24];
      console.log(`PostgreSQL alone: ${big.segments.toLocaleString('en')} segments, ${big.assets.toLocaleString('en')} assets, ${big.reused ? `kept corpus, migrations ${big.migrateSeconds} s` : `load ${big.loadSeconds} s, GIN + vacuum ${big.indexSeconds} s`}, ${big.sizeMb} MB (ms)`);
      console.log(line(['shape', 'pg50', 'pg95', 'pg99', 'cpu50', 'cpu95', 'oldcpu95', 'cpu/old', 'pg plans'], bw));
      for (const r of big.results) console.log(line([r.shape, r.pg.p50, r.pg.p95, r.pg.p99, r.pgCpu.p50, r.pgCpu.p95, r.pgOldCpu.p95, r.cpuRatioP95, planText(r.plans)], bw));
      console.log(`PostgreSQL target at ${big.segments.toLocaleString('en')} (p95 <= ${PG_TARGET_MS} ms for every shape): wall ${big.pass ? 'PASS' : 'FAIL'}, cpu ${big.cpuPass ? 'PASS' : 'FAIL'}`);
    }
    console.log(JSON.stringify({ bench: 'search', segments: catalog.segments, assets: catalog.assets, buildSeconds: +buildS.toFixed(1), fileMb, runs: RUNS, classes: catalog.classes, pass, results, postgres, ...(big ? { postgresBig: big } : {}) }));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    if (pg) await closePg(pg).catch(() => undefined);
  }
}

await main();
