import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { TopK, dotAt } from '../common/vector-math';
import type { VectorMatrix } from '../common/vector-matrix';

export interface IvfOptions {
  /** Number of clusters; default ≈ √n, clamped to 16–512 (filing costs n × lists dot products). */
  lists?: number;
  /** Clusters scanned per query (default 8% of lists, at least 8): the recall/latency knob. */
  probes?: number;
  /** k-means iterations over the training sample (default 6). */
  iterations?: number;
  /** Training points (default 24 per list, at most n). */
  sample?: number;
  seed?: number;
  /** Polled between slices of work: true abandons the build (build() then resolves to null). */
  cancelled?: () => boolean;
}

/** Build work runs in slices of this long, then yields, so a build never stalls the event loop. */
const SLICE_MS = 10;

class Pacer {
  private last = performance.now();
  constructor(private readonly cancelled: () => boolean) {}

  /** False once cancelled. */
  async tick(): Promise<boolean> {
    if (performance.now() - this.last >= SLICE_MS) {
      await yieldToLoop();
      this.last = performance.now();
    }
    return !this.cancelled();
  }
}

/**
 * Inverted-file index over a VectorMatrix: spherical k-means centroids, each slot filed under its
 * nearest centroid; a query scans only the lists of its `probes` nearest centroids. Training is
 * O(sample × lists × dims × iterations) and filing O(n × lists × dims), all in plain JS, in
 * slices between which the matrix may change: slots added meanwhile are filed at the end, dead
 * ones are skipped by the scan; a compaction (slots renumbered) must cancel the build.
 */
export class IvfIndex {
  private lists: number[][];
  readonly probes: number;
  /** Slots below this are filed (dead ones included until a remap drops them). */
  private filedUpTo = 0;

  private constructor(
    private readonly centroids: Float32Array,
    readonly nlist: number,
    probes: number,
  ) {
    this.lists = Array.from({ length: nlist }, () => []);
    this.probes = Math.min(nlist, probes);
  }

  static async build(m: VectorMatrix, opts: IvfOptions = {}): Promise<IvfIndex | null> {
    const pacer = new Pacer(opts.cancelled ?? (() => false));
    const end = m.size;
    const live: number[] = [];
    for (let s = 0; s < end; s++) if (m.isAlive(s)) live.push(s);
    const nlist = Math.max(1, Math.min(live.length, opts.lists ?? Math.min(512, Math.max(16, Math.round(Math.sqrt(live.length))))));
    const rand = mulberry32(opts.seed ?? 1);
    const sample = shuffle(live.slice(), rand).slice(0, Math.min(live.length, opts.sample ?? nlist * 24));
    const centroids = await kmeans(m, sample, nlist, opts.iterations ?? 6, rand, pacer);
    if (!centroids) return null;
    const ivf = new IvfIndex(centroids, nlist, opts.probes ?? Math.max(8, Math.round(nlist * 0.08)));
    for (const s of live) {
      if (!(await pacer.tick())) return null;
      ivf.add(m, s);
    }
    ivf.filedUpTo = end;
    ivf.catchUp(m); // written during the build
    return ivf;
  }

  /** Files one new slot (the matrix only appends) under its nearest centroid. */
  add(m: VectorMatrix, slot: number): void {
    this.lists[nearest(this.centroids, this.nlist, m.data.subarray(slot * m.dims, (slot + 1) * m.dims))]!.push(slot);
    this.filedUpTo = Math.max(this.filedUpTo, slot + 1);
  }

  /** Files the live slots appended since this index last looked. */
  catchUp(m: VectorMatrix): void {
    for (let s = this.filedUpTo; s < m.size; s++) if (m.isAlive(s)) this.add(m, s);
    this.filedUpTo = Math.max(this.filedUpTo, m.size);
  }

  /** Follows VectorMatrix.compact(): renumbers slots and drops the dead. */
  remap(remap: Int32Array): void {
    this.lists = this.lists.map((l) => l.map((s) => remap[s]!).filter((s) => s >= 0));
    let size = 0;
    for (const s of remap) if (s >= 0) size = s + 1;
    this.filedUpTo = size;
  }

  search(m: VectorMatrix, query: Float32Array, top: TopK, mask: number, probes = this.probes): void {
    const best = new TopK(Math.min(this.nlist, probes));
    for (let c = 0; c < this.nlist; c++) best.offer(dotAt(this.centroids, c * query.length, query), c);
    for (const [c] of best.sorted()) m.scan(query, top, mask, this.lists[c]!);
  }
}

function nearest(centroids: Float32Array, nlist: number, v: Float32Array): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < nlist; c++) {
    const s = dotAt(centroids, c * v.length, v);
    if (s > bestScore) [best, bestScore] = [c, s];
  }
  return best;
}

/** Spherical k-means (cosine): centroids are renormalised means; an empty cluster is reseeded. */
async function kmeans(m: VectorMatrix, sample: number[], nlist: number, iterations: number, rand: () => number, pacer: Pacer): Promise<Float32Array | null> {
  const d = m.dims;
  const centroids = new Float32Array(nlist * d);
  sample.slice(0, nlist).forEach((s, c) => centroids.set(m.data.subarray(s * d, (s + 1) * d), c * d));
  const sums = new Float64Array(nlist * d);
  const counts = new Int32Array(nlist);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    counts.fill(0);
    for (const s of sample) {
      if (!(await pacer.tick())) return null;
      const row = m.data.subarray(s * d, (s + 1) * d);
      const c = nearest(centroids, nlist, row);
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j]! += row[j]!;
    }
    for (let c = 0; c < nlist; c++) {
      if (counts[c] === 0) {
        const s = sample[Math.floor(rand() * sample.length)]!;
        centroids.set(m.data.subarray(s * d, (s + 1) * d), c * d);
        continue;
      }
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sums[c * d + j]! ** 2;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]! * inv;
    }
  }
  return centroids;
}

export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
