import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MomentKind } from '@cutaway/shared';
import { isAppError } from '@cutaway/shared/errors';
import type { VectorIndex, VectorItem } from '../../src/ports/vector-index';

/** An adapter built for `dims`-dimensional vectors. */
export type MakeVectorIndex = (dims: number) => Promise<{ index: VectorIndex; close: () => Promise<void> }>;

const DIMS = 8;

/** A vector at angle θ from e0 in the (e0, e1) plane: its cosine to e0 is cos θ. */
const at = (cos: number, scale = 1): Float32Array => {
  const v = new Float32Array(DIMS);
  v[0] = cos * scale;
  v[1] = Math.sqrt(1 - cos * cos) * scale;
  return v;
};
const E0 = at(1);
const item = (startMs: number, vector: Float32Array, kind: MomentKind = 'speech'): VectorItem => ({ startMs, endMs: startMs + 1000, kind, vector });

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
}

/**
 * The behaviour every VectorIndex adapter must show: replacement per asset + source, deletes,
 * kind and candidate filters, and exact cosine top-k order (checked on constructed vectors and
 * against a brute-force reference).
 */
export function runVectorIndexContract(label: string, make: MakeVectorIndex): void {
  describe(`VectorIndex contract: ${label}`, () => {
    let harness: Awaited<ReturnType<MakeVectorIndex>>;
    let index: VectorIndex;
    const hits = async (q: Float32Array, k = 10, more: { kinds?: MomentKind[]; assetIds?: string[] } = {}) =>
      (await index.search(q, { k, ...more })).map((h) => `${h.assetId}@${h.startMs}`);

    beforeEach(async () => {
      harness = await make(DIMS);
      index = harness.index;
    });
    afterEach(() => harness.close());

    it('starts empty', async () => {
      expect(await index.count()).toBe(0);
      expect(await index.search(E0, { k: 5 })).toEqual([]);
    });

    it('returns the exact top k by cosine, best first, with the hit fields', async () => {
      await index.upsert('a', 'asr', [item(0, at(0.2)), item(1000, at(0.9)), item(2000, at(-0.5))]);
      await index.upsert('b', 'asr', [item(0, at(0.6)), item(1000, at(0.99))]);
      expect(await index.count()).toBe(5);
      const top = await index.search(E0, { k: 3 });
      expect(top.map((h) => h.assetId + '@' + h.startMs)).toEqual(['b@1000', 'a@1000', 'b@0']);
      expect(top[0]).toEqual({ assetId: 'b', startMs: 1000, endMs: 2000, kind: 'speech', score: expect.closeTo(0.99, 5) });
      expect(top[2]!.score).toBeCloseTo(0.6, 5);
      expect(await hits(E0, 10)).toEqual(['b@1000', 'a@1000', 'b@0', 'a@0', 'a@2000']);
      expect((await index.search(E0, { k: 10 })).at(-1)!.score).toBeCloseTo(-0.5, 5);
    });

    it('scores by cosine whatever the vector lengths', async () => {
      await index.upsert('a', 'asr', [item(0, at(0.7, 25)), item(1000, at(0.8, 0.01))]);
      const top = await index.search(at(1, 3), { k: 2 });
      expect(top.map((h) => h.score)).toEqual([expect.closeTo(0.8, 5), expect.closeTo(0.7, 5)]);
    });

    it('replaces only the vectors of the same asset and source', async () => {
      await index.upsert('a', 'asr', [item(0, at(0.1)), item(1000, at(0.2))]);
      await index.upsert('a', 'ocr', [item(5000, at(0.3), 'ocr')]);
      await index.upsert('b', 'asr', [item(0, at(0.4))]);
      await index.upsert('a', 'asr', [item(9000, at(0.95))]);
      expect(await index.count()).toBe(3);
      expect(await hits(E0)).toEqual(['a@9000', 'b@0', 'a@5000']);
      await index.upsert('a', 'asr', []);
      expect(await hits(E0)).toEqual(['b@0', 'a@5000']);
    });

    it('answers a repeated query as the first time, and sees every write in between', async () => {
      await index.upsert('a', 'asr', [item(0, at(0.9)), item(1000, at(0.5), 'ocr')]);
      await index.upsert('b', 'asr', [item(0, at(0.7))]);
      expect(await hits(E0)).toEqual(['a@0', 'b@0', 'a@1000']);
      expect(await hits(E0)).toEqual(['a@0', 'b@0', 'a@1000']);
      // The same query vector with another k, kind filter or candidate list is another question.
      expect(await hits(E0, 1)).toEqual(['a@0']);
      expect(await hits(E0, 10, { kinds: ['ocr'] })).toEqual(['a@1000']);
      expect(await hits(E0, 10, { assetIds: ['b'] })).toEqual(['b@0']);
      await index.upsert('c', 'asr', [item(0, at(0.95))]);
      expect(await hits(E0)).toEqual(['c@0', 'a@0', 'b@0', 'a@1000']);
      await index.deleteAsset('a');
      expect(await hits(E0)).toEqual(['c@0', 'b@0']);
      expect(await hits(E0, 10, { assetIds: ['b'] })).toEqual(['b@0']);
    });

    it('keeps items that share a range and kind (two lines on screen at once)', async () => {
      await index.upsert('a', 'ocr', [item(0, at(0.5), 'ocr'), item(0, at(0.6), 'ocr')]);
      expect(await index.count()).toBe(2);
      expect((await index.search(E0, { k: 5 })).map((h) => h.score)).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.5, 5)]);
    });

    it('deletes every vector of an asset and nothing else', async () => {
      await index.upsert('a', 'asr', [item(0, at(0.9))]);
      await index.upsert('a', 'ocr', [item(0, at(0.8), 'ocr')]);
      await index.upsert('b', 'asr', [item(0, at(0.1))]);
      await index.deleteAsset('a');
      await index.deleteAsset('never-seen');
      expect(await index.count()).toBe(1);
      expect(await hits(E0)).toEqual(['b@0']);
    });

    it('filters by kind', async () => {
      await index.upsert('a', 'mixed', [item(0, at(0.9), 'speech'), item(1000, at(0.8), 'ocr'), item(2000, at(0.7), 'shot'), item(3000, at(0.6), 'marker')]);
      expect(await hits(E0, 10, { kinds: ['ocr', 'marker'] })).toEqual(['a@1000', 'a@3000']);
      expect(await hits(E0, 10, { kinds: ['tag'] })).toEqual([]);
      expect(await hits(E0, 1, { kinds: ['shot', 'speech'] })).toEqual(['a@0']);
    });

    it('restricts the scan to candidate assets', async () => {
      for (const [id, cos] of [['a', 0.9], ['b', 0.8], ['c', 0.7], ['d', 0.6]] as const) await index.upsert(id, 'asr', [item(0, at(cos)), item(1000, at(cos - 0.5))]);
      expect(await hits(E0, 3, { assetIds: ['d', 'b', 'unknown'] })).toEqual(['b@0', 'd@0', 'b@1000']);
      expect(await hits(E0, 10, { assetIds: ['c'], kinds: ['speech'] })).toEqual(['c@0', 'c@1000']);
      expect(await hits(E0, 10, { assetIds: [] })).toEqual([]);
      expect(await hits(E0, 10, { assetIds: ['b', 'b'] })).toEqual(['b@0', 'b@1000']);
    });

    it('matches a brute-force reference on random vectors', async () => {
      const rand = seeded(42);
      const all: Array<{ key: string; v: Float32Array }> = [];
      for (let a = 0; a < 20; a++) {
        const items = Array.from({ length: 25 }, (_, i) => item(i * 1000, Float32Array.from({ length: DIMS }, rand)));
        await index.upsert(`asset-${a}`, 'asr', items);
        items.forEach((it) => all.push({ key: `asset-${a}@${it.startMs}`, v: it.vector }));
      }
      const cos = (x: Float32Array, y: Float32Array) => {
        const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, _, j) => s + a[j]! * b[j]!, 0);
        return dot(x, y) / Math.sqrt(dot(x, x) * dot(y, y));
      };
      for (let t = 0; t < 5; t++) {
        const q = Float32Array.from({ length: DIMS }, rand);
        const want = all.map((e) => ({ key: e.key, s: cos(q, e.v) })).sort((x, y) => y.s - x.s).slice(0, 10);
        const got = await index.search(q, { k: 10 });
        expect(got.map((h) => `${h.assetId}@${h.startMs}`)).toEqual(want.map((w) => w.key));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.s, 4));
      }
    });

    it('rejects vectors and queries of the wrong length', async () => {
      const bad = async (p: Promise<unknown>) => {
        const err = await p.then(() => null, (e: unknown) => e);
        expect(isAppError(err, 'request.invalid'), String(err)).toBe(true);
      };
      await bad(index.upsert('a', 'asr', [item(0, new Float32Array(DIMS + 1))]));
      await bad(index.search(new Float32Array(DIMS - 1), { k: 3 }));
      expect(await index.count()).toBe(0);
    });
  });
}
