/**
 * Search benchmark (../shared/docs/search.md): a deterministic synthetic catalog written through
 * SqliteSearchIndex's own write path (upsertAsset + replaceSegments, one transaction per call),
 * then p50/p95/p99 per query shape beside the same query on a plain single FTS5 table of the
 * same segments (bm25, grouped by asset, top 20) built in the same file and run.
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
import { parseQuery, porterStem } from '../src/services/search-query';
import type { SqliteDb } from '../src/adapters/sqlite/database';

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
    if (!seen.has(w) && porterStem(w) === w) seen.add(w) && words.push(w);
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

async function buildCatalog(db: SqliteDb, index: SqliteSearchIndex, total: number, log: (m: string) => void): Promise<Catalog> {
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
  const naive = db.prepare('INSERT INTO naive_fts (text, asset, kind, created) VALUES (?, ?, ?, ?)');
  let segNo = 0;
  for (let a = 0; a < assets; a++) {
    const assetId = `asset-${String(a).padStart(6, '0')}`;
    const createdMs = epochMs + Math.floor(rand() * 730 * DAY);
    const tags = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => words[100 + Math.floor(rand() * 1900)]!);
    await index.upsertAsset({ assetId, title: phraseOf(3 + Math.floor(rand() * 4)), description: phraseOf(10 + Math.floor(rand() * 11)), tags,
      fileName: `clip_${a}.mxf`, type: roll(TYPE_ROLL), createdAt: new Date(createdMs).toISOString() });
    const count = Math.round(((a + 1) * total) / assets) - Math.round((a * total) / assets);
    let t = 0;
    const segs = Array.from({ length: count }, () => {
      const ranks = Array.from({ length: 8 + Math.floor(rand() * 13) }, zipf);
      for (const r of ranks) if (lastSeg[r] !== segNo) (lastSeg[r] = segNo), df[r]!++;
      const j = Math.floor(rand() * (ranks.length - 1));
      if (phrases.length < 500 && rand() < 0.01 && ranks[j]! >= 10 && ranks[j + 1]! >= 10 && ranks[j]! < 3000 && ranks[j + 1]! < 3000) phrases.push(`${words[ranks[j]!]} ${words[ranks[j + 1]!]}`);
      segNo++;
      const startMs = t;
      t += 2000 + Math.floor(rand() * 4000);
      return { assetId, kind: roll(KIND_ROLL), startMs, endMs: t, text: ranks.map((r) => words[r]).join(' '), source: 'asr', confidence: null, words: null };
    });
    await index.replaceSegments(assetId, 'asr', segs);
    db.transaction(() => segs.forEach((s) => naive.run(s.text, assetId, s.kind, createdMs)))();
    if ((a + 1) % Math.ceil(assets / 10) === 0) log(`loaded ${segNo} segments`);
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

async function main(): Promise<void> {
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
    const catalog = await buildCatalog(db, index, SEGMENTS, (m) => process.stderr.write(`${m}\n`));
    const loadS = (performance.now() - started) / 1000;
    for (const t of ['search_segment_fts', 'search_asset_fts', 'naive_fts']) db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize')`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const buildS = (performance.now() - started) / 1000;
    process.stderr.write(`built in ${buildS.toFixed(0)} s (load ${loadS.toFixed(0)} s)\n`);

    const results = [];
    for (const shape of shapes(catalog)) {
      const ours: number[] = [];
      const naive: number[] = [];
      const plans: Record<string, number> = {};
      for (const [i, query] of shape.queries.entries()) {
        const t0 = performance.now();
        const r = await index.search({ limit: 20, momentsPerAsset: 3, ...query });
        const t1 = performance.now();
        const naiveArgs = [allOf(parseQuery(query.q).terms), ...(query.kinds ? [query.kinds[0]!] : []), ...(query.from ? [Date.parse(query.from), Date.parse(query.to!)] : [])];
        db.prepare(naiveSql(!!query.kinds, !!query.from)).all(...naiveArgs);
        const t2 = performance.now();
        if (i < WARMUP) continue;
        ours.push(t1 - t0);
        naive.push(t2 - t1);
        plans[r.plan] = (plans[r.plan] ?? 0) + 1;
      }
      const o = stats(ours);
      const nv = stats(naive);
      const row = { shape: shape.name, heavy: shape.heavy, plans, ours: o, naive: nv, ratioP95: +(o.p95 / nv.p95).toFixed(3) };
      results.push(row);
      process.stderr.write(`${shape.name}: ours p95 ${o.p95} ms, naive p95 ${nv.p95} ms\n`);
    }

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
    console.log(JSON.stringify({ bench: 'search', segments: catalog.segments, assets: catalog.assets, buildSeconds: +buildS.toFixed(1), fileMb, runs: RUNS, classes: catalog.classes, pass, results }));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
