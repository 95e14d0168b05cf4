/** Hot loops of the vector scan: dot products over a flat Float32Array, and a bounded top-k. */

/** Dot product of `q` with the row of `m` starting at `offset` (dims = q.length). */
export function dotAt(m: Float32Array, offset: number, q: Float32Array): number {
  // Four accumulators: lets V8 overlap the multiply-adds instead of waiting on one sum. Eight products
  // per iteration (two per accumulator, in the same order, so the sums are bit-identical): ~10% less
  // loop overhead per 512-d row, measured.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = q.length;
  const end8 = n - (n % 8);
  const end4 = n - (n % 4);
  let j = 0;
  let o = offset;
  for (; j < end8; j += 8, o += 8) {
    s0 += m[o]! * q[j]!;
    s1 += m[o + 1]! * q[j + 1]!;
    s2 += m[o + 2]! * q[j + 2]!;
    s3 += m[o + 3]! * q[j + 3]!;
    s0 += m[o + 4]! * q[j + 4]!;
    s1 += m[o + 5]! * q[j + 5]!;
    s2 += m[o + 6]! * q[j + 6]!;
    s3 += m[o + 7]! * q[j + 7]!;
  }
  for (; j < end4; j += 4, o += 4) {
    s0 += m[o]! * q[j]!;
    s1 += m[o + 1]! * q[j + 1]!;
    s2 += m[o + 2]! * q[j + 2]!;
    s3 += m[o + 3]! * q[j + 3]!;
  }
  for (; j < n; j++, o++) s0 += m[o]! * q[j]!;
  return s0 + s1 + s2 + s3;
}

/** A unit-length copy (a zero vector stays zero and scores 0 against everything). */
export function unit(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * inv;
  return out;
}

/**
 * Keeps the k highest-scoring ids seen: a min-heap on score, so each offer past the first k
 * costs one comparison unless it beats the current k-th best.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private n = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(1, k));
    this.ids = new Int32Array(Math.max(1, k));
  }

  /** The score an offer must beat once the heap is full. */
  get floor(): number {
    return this.n < this.k ? -Infinity : this.scores[0]!;
  }

  offer(score: number, id: number): void {
    if (this.k <= 0) return;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.scores[p]! <= score) break;
        this.scores[i] = this.scores[p]!;
        this.ids[i] = this.ids[p]!;
        i = p;
      }
      this.scores[i] = score;
      this.ids[i] = id;
    } else if (score > this.scores[0]!) {
      this.siftDown(score, id);
    }
  }

  /** [id, score] pairs, best first; ties broken by lower id so results are deterministic. */
  sorted(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.n; i++) out.push([this.ids[i]!, this.scores[i]!]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private siftDown(score: number, id: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && this.scores[r]! < this.scores[l]! ? r : l;
      if (this.scores[c]! >= score) break;
      this.scores[i] = this.scores[c]!;
      this.ids[i] = this.ids[c]!;
      i = c;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }
}
