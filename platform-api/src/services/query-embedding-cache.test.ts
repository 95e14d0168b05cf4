import { describe, expect, it } from 'vitest';
import type { TextEmbedder } from '../ports/ai';
import { QueryEmbeddingCache } from './query-embedding-cache';

/** A deterministic embedder that counts what it is asked to embed (the cache is what is under test). */
function counting(): TextEmbedder & { calls: string[][]; fail: Set<string> } {
  const calls: string[][] = [];
  const fail = new Set<string>();
  return {
    engine: 'test', model: 'counting', dimensions: 2, calls, fail,
    async embed(texts) {
      calls.push([...texts]);
      if (texts.some((t) => fail.has(t))) throw new Error('boom');
      return texts.map((t) => Float32Array.from([t.length, 1]));
    },
  };
}

describe('QueryEmbeddingCache', () => {
  it('embeds a repeated query once, and shares one run between concurrent requests', async () => {
    const inner = counting();
    const cache = new QueryEmbeddingCache(inner);
    const [a, b] = await Promise.all([cache.embed(['harbour fire']), cache.embed(['harbour fire'])]);
    const [c] = await cache.embed(['harbour fire']);
    expect(inner.calls).toEqual([['harbour fire']]);
    expect(a![0]).toBe(c);
    expect(b![0]).toBe(c);
    expect(Array.from(c!)).toEqual([12, 1]);
  });

  it('passes batches through and evicts the least recently used query', async () => {
    const inner = counting();
    const cache = new QueryEmbeddingCache(inner, 2);
    await cache.embed(['one', 'two']);
    await cache.embed(['a']);
    await cache.embed(['b']);
    await cache.embed(['a']); // a is now the most recent
    await cache.embed(['c']); // evicts b
    await cache.embed(['a']);
    await cache.embed(['b']);
    expect(inner.calls).toEqual([['one', 'two'], ['a'], ['b'], ['c'], ['b']]);
  });

  it('does not remember a failure', async () => {
    const inner = counting();
    inner.fail.add('flaky');
    const cache = new QueryEmbeddingCache(inner);
    await expect(cache.embed(['flaky'])).rejects.toThrow('boom');
    inner.fail.clear();
    expect((await cache.embed(['flaky'])).length).toBe(1);
    expect(inner.calls.length).toBe(2);
  });
});
