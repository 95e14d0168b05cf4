/**
 * Vector search benchmark (docs/search.md "Vectors"): exact brute-force kNN over the
 * in-memory matrix of SqliteVectorIndex, exact over a candidate subset (what the filters or the
 * lexical stage leave), and an IVF index (k-means lists, a few probed) in plain TS.
 *   CUTAWAY_BENCH_VECTORS=10000,100000,1000000 CUTAWAY_BENCH_SHAPES=clustered npx tsx bench/vectors.bench.ts
 *   (defaults: 10k,100k; clustered,mixed; CUTAWAY_BENCH_TOPICS=nested)
 * Data: seeded 512-d unit vectors with topic structure rather than uniform noise (on which kNN
 * is meaningless): 2,000 topics in 40 themes (topic·theme cosine 0.8, like stories within a
 * beat); CUTAWAY_BENCH_TOPICS=flat makes the topics unrelated (near-orthogonal), the hard case
 * for IVF, whose lists then cannot follow any structure coarser than a topic. 'clustered': one topic + noise (cosine to the topic ≈ 0.7), like segments of distinct
 * stories. 'mixed': 0.6 primary + 0.3 secondary topic + noise, so neighbourhoods straddle
 * clusters (harder for IVF). Queries come from the same generator, not from the data.
 * For the first shape at n ≤ 100k it also writes the vectors through SqliteVectorIndex to a temp
 * file: write rate, file size, cold load of the in-memory copy, search through the adapter.
 * Stdout: a table, then one JSON summary as the last line. Progress goes to stderr.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../src/adapters/sqlite/migrations';
import { SqliteVectorIndex } from '../src/adapters/sqlite/vector-index';
import { vectorMigrations } from '../src/adapters/sqlite/vector.migrations';
import { IvfIndex, mulberry32 } from '../src/adapters/sqlite/vector-index-ivf';
import { TopK, unit } from '../src/adapters/common/vector-math';
import { VectorMatrix, kindMask } from '../src/adapters/common/vector-matrix';

// ALL_MIGRATIONS may or may not include the vector list yet: add it once.
const MIGRATIONS = [...ALL_MIGRATIONS, ...vectorMigrations.filter((v) => !ALL_MIGRATIONS.some((m) => m.id === v.id))];
const DIMS = 512;
const THEMES = 40;
const THEME_WEIGHT = process.env.CUTAWAY_BENCH_TOPICS === 'flat' ? 0 : 0.8;
const OWN_WEIGHT = Math.sqrt(1 - THEME_WEIGHT ** 2);
const TOPICS = 2_000;
const SEGMENTS_PER_ASSET = 100;
const QUERIES = 60;
const WARMUP = 5;
const K = 10;
const SIZES = (process.env.CUTAWAY_BENCH_VECTORS ?? '10000,100000').split(',').map(Number);
const ALL = kindMask(undefined);

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

/** Unit-ish random directions: i.i.d. N(0, 1/dims) per component. */
function directions(n: number, rand: () => number): Float32Array {
  const t = new Float32Array(n * DIMS);
  for (let i = 0; i < t.length; i++) t[i] = gaussian(rand) / Math.sqrt(DIMS);
  return t;
}

function makeTopics(rand: () => number): Float32Array {
  const themes = directions(THEMES, rand);
  const t = directions(TOPICS, rand);
  for (let i = 0; i < TOPICS; i++) {
    const th = (i % THEMES) * DIMS;
    for (let j = 0; j < DIMS; j++) t[i * DIMS + j] = THEME_WEIGHT * themes[th + j]! + OWN_WEIGHT * t[i * DIMS + j]!;
  }
  return t;
}

type Shape = 'clustered' | 'mixed';
const SHAPES = (process.env.CUTAWAY_BENCH_SHAPES ?? 'clustered,mixed').split(',') as Shape[];

/** Writes one vector into `out` (normalised later by the matrix). */
function sample(shape: Shape, topics: Float32Array, rand: () => number, out: Float32Array): void {
  const a = Math.floor(rand() * TOPICS) * DIMS;
  const b = Math.floor(rand() * TOPICS) * DIMS;
  const [wa, wb] = shape === 'clustered' ? [0.7, 0] : [0.6, 0.3];
  for (let j = 0; j < DIMS; j++) out[j] = wa * topics[a + j]! + wb * topics[b + j]! + (0.75 * gaussian(rand)) / Math.sqrt(DIMS);
}

function quantiles(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 100) / 100;
  return { p50: q(0.5), p95: q(0.95) };
}

/** Wall p50/p95 plus CPU-time p50 (the box is shared: CPU time is the steadier figure). */
function timed(queries: Float32Array[], run: (q: Float32Array) => number[]): { p50: number; p95: number; cpu50: number; results: number[][] } {
  for (const q of queries.slice(0, WARMUP)) run(q);
  const ms: number[] = [];
  const cpu: number[] = [];
  const results = queries.map((q) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = run(q);
    ms.push(performance.now() - t);
    cpu.push(process.cpuUsage(c).user / 1000);
    return r;
  });
  return { ...quantiles(ms), cpu50: quantiles(cpu).p50, results };
}

const recall = (got: number[][], truth: number[][]) =>
  Math.round((1000 * got.reduce((n, g, i) => n + g.filter((s) => truth[i]!.includes(s)).length, 0)) / (K * got.length)) / 1000;

interface Row {
  shape: Shape;
  n: number;
  method: string;
  p50: number;
  p95: number;
  cpu50: number;
  recall10: number;
  buildMs?: number;
}

/** SqliteVectorIndex end to end on a temp file, with the vectors of `m` (one asset per 100). */
async function sqliteRound(m: VectorMatrix, queries: Float32Array[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-vbench-'));
  try {
    const db = openSqlite(join(dir, 'catalog.db'));
    migrate(db, MIGRATIONS);
    const opts = { model: 'bench', dimensions: DIMS };
    const writer = new SqliteVectorIndex(db, opts);
    let t = performance.now();
    for (let a = 0; a * SEGMENTS_PER_ASSET < m.size; a++) {
      const items = Array.from({ length: Math.min(SEGMENTS_PER_ASSET, m.size - a * SEGMENTS_PER_ASSET) }, (_, i) => {
        const slot = a * SEGMENTS_PER_ASSET + i;
        return { startMs: i * 1000, endMs: i * 1000 + 5000, kind: 'speech' as const, vector: m.data.slice(slot * DIMS, (slot + 1) * DIMS) };
      });
      await writer.upsert(`a${a}`, 's', items);
    }
    const writePerS = Math.round(m.size / ((performance.now() - t) / 1000));
    const reader = new SqliteVectorIndex(db, opts);
    t = performance.now();
    await reader.warmUp();
    const loadMs = Math.round(performance.now() - t);
    const ms: number[] = [];
    for (const [i, q] of queries.entries()) {
      t = performance.now();
      await reader.search(q, { k: K });
      if (i >= WARMUP) ms.push(performance.now() - t);
    }
    db.close();
    const { p50, p95 } = quantiles(ms);
    return { n: m.size, writePerS, fileMiB: Math.round(statSync(join(dir, 'catalog.db')).size / 2 ** 20), loadMs, searchP50: p50, searchP95: p95 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
const sqlite: Array<Awaited<ReturnType<typeof sqliteRound>>> = [];
const rand = mulberry32(7);
const topics = makeTopics(rand);
const buf = new Float32Array(DIMS);

for (const shape of SHAPES) {
  const queries = Array.from({ length: QUERIES }, () => {
    sample(shape, topics, rand, buf);
    return unit(buf);
  });
  for (const n of SIZES) {
    const t0 = performance.now();
    const m = new VectorMatrix(DIMS, n);
    for (let i = 0; i < n; i++) {
      sample(shape, topics, rand, buf);
      m.add({ assetId: `a${Math.floor(i / SEGMENTS_PER_ASSET)}`, source: 's', kind: 'speech', startMs: i * 1000, endMs: i * 1000 + 5000 }, buf);
    }
    process.stderr.write(`${shape} n=${n}: generated in ${Math.round(performance.now() - t0)} ms, ${Math.round((n * DIMS * 4) / 2 ** 20)} MiB\n`);
    if (shape === SHAPES[0] && n <= 100_000) sqlite.push(await sqliteRound(m, queries));
    const exact = (q: Float32Array, slots?: number[]) => {
      const top = new TopK(K);
      m.scan(q, top, ALL, slots);
      return top.sorted().map(([s]) => s);
    };
    const full = timed(queries, (q) => exact(q));
    rows.push({ shape, n, method: 'exact', p50: full.p50, p95: full.p95, cpu50: full.cpu50, recall10: 1 });

    // A candidate restriction as the lexical stage leaves it: 200 assets (20k vectors at most).
    const assets = Array.from({ length: Math.min(200, n / SEGMENTS_PER_ASSET) }, (_, i) => `a${Math.floor((i * n) / SEGMENTS_PER_ASSET / 200)}`);
    const cand = timed(queries, (q) => exact(q, m.slotsOf(assets)));
    rows.push({ shape, n, method: `exact, ${assets.length} candidate assets`, p50: cand.p50, p95: cand.p95, cpu50: cand.cpu50, recall10: 1 });

    const tb = performance.now();
    const ivf = (await IvfIndex.build(m))!;
    const buildMs = Math.round(performance.now() - tb);
    process.stderr.write(`${shape} n=${n}: IVF ${ivf.nlist} lists built in ${buildMs} ms\n`);
    for (const share of [0.03, 0.08, 0.2]) {
      const probes = Math.max(4, Math.round(ivf.nlist * share));
      const r = timed(queries, (q) => {
        const top = new TopK(K);
        ivf.search(m, q, top, ALL, probes);
        return top.sorted().map(([s]) => s);
      });
      const method = `ivf ${ivf.nlist} lists, ${probes} probes`;
      rows.push({ shape, n, method, p50: r.p50, p95: r.p95, cpu50: r.cpu50, recall10: recall(r.results, full.results), buildMs });
    }
  }
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
const head = `${'shape'.padEnd(9)} ${pad('n', 9)} ${'method'.padEnd(32)} ${pad('p50 ms', 8)} ${pad('p95 ms', 8)} ${pad('cpu p50', 8)} ${pad('recall@10', 9)} ${pad('build ms', 9)}`;
console.log(head);
for (const r of rows) {
  console.log(`${r.shape.padEnd(9)} ${pad(r.n, 9)} ${r.method.padEnd(32)} ${pad(r.p50, 8)} ${pad(r.p95, 8)} ${pad(r.cpu50, 8)} ${pad(r.recall10, 9)} ${pad(r.buildMs ?? '', 9)}`);
}
for (const r of sqlite) console.log(`sqlite n=${r.n}: ${r.writePerS} vectors/s written, ${r.fileMiB} MiB, copy loaded in ${r.loadMs} ms, search p50 ${r.searchP50} / p95 ${r.searchP95} ms`);
console.log(JSON.stringify({ bench: 'vectors', dims: DIMS, k: K, queries: QUERIES, topics: THEME_WEIGHT ? 'nested' : 'flat', rows, sqlite }));
