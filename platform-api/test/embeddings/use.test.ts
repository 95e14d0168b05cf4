import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UseTextEmbedder } from '../../src/adapters/embeddings-use';

/**
 * The real Universal Sentence Encoder on the tfjs wasm backend, from the weights in node_modules.
 * Each query paraphrases one caption without any of its content words, so only meaning can
 * match it (docs/media-pipeline.md ("Embeddings and insights") measured 11 of 12 ranked first).
 */
const PAIRS: Array<[caption: string, query: string]> = [
  ['Firefighters battle a blaze at a warehouse near the docks', 'flames engulf a storage building by the port'],
  ['The mayor opens the new harbor bridge', 'city leader cuts ribbon on crossing'],
  ['Heavy snow closes mountain roads', 'winter storm blocks routes through the peaks'],
  ['Stock markets fall sharply as investors panic', 'shares tumble amid trader fear'],
  ['The national football team wins the championship final', 'soccer squad lifts the cup after decisive match'],
  ['Hospital staff strike over pay and working conditions', 'nurses and doctors walk out demanding more money'],
  ['Floodwaters force residents to evacuate their homes', 'rising river makes families flee houses'],
  ['Scientists discover a new species of frog in the rainforest', 'researchers find previously unknown amphibian in jungle'],
  ['Police arrest a suspect after a bank robbery', 'officers detain man following heist at lender'],
  ['Parliament votes to raise the minimum wage', 'lawmakers approve higher salary floor for employees'],
  ['A solar eclipse darkens the sky over the city', 'moon hides the sun above town'],
  ['Farmers struggle as drought destroys crops', 'growers suffer while dry spell ruins harvest'],
];
const STOP = new Set('a an the at of on in to as by for and over after near their while more new'.split(' '));
const words = (s: string) => s.toLowerCase().split(/\W+/).filter((w) => w && !STOP.has(w));

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, _, i) => s + a[i]! * b[i]!, 0);

describe('UseTextEmbedder (real model, wasm backend)', () => {
  const embedder = new UseTextEmbedder();
  let captions: Float32Array[];

  beforeAll(async () => {
    await embedder.warmUp();
    captions = await embedder.embed(PAIRS.map(([c]) => c));
  });
  afterAll(() => embedder.close());

  it('describes itself', () => {
    expect([embedder.engine, embedder.model, embedder.dimensions, embedder.thread]).toEqual(['use-tfjs-wasm', 'universal-sentence-encoder', 512, 'worker']);
  });

  it('uses no content word of the caption in its query (the fixture is fair)', () => {
    for (const [caption, query] of PAIRS) expect(words(query).filter((w) => words(caption).includes(w)), query).toEqual([]);
  });

  it('ranks the paraphrased caption first for at least 10 of 12 queries', async () => {
    const queries = await embedder.embed(PAIRS.map(([, q]) => q));
    const misses: string[] = [];
    queries.forEach((q, i) => {
      const scores = captions.map((c) => dot(q, c));
      const best = scores.indexOf(Math.max(...scores));
      if (best !== i) misses.push(`"${PAIRS[i]![1]}" → "${PAIRS[best]![0]}" (${scores[best]!.toFixed(3)}; right one ${scores[i]!.toFixed(3)})`);
    });
    console.info(`USE paraphrase queries ranked first: ${PAIRS.length - misses.length}/12${misses.map((m) => `\n  miss: ${m}`).join('')}`);
    expect(PAIRS.length - misses.length).toBeGreaterThanOrEqual(10);
  });

  it('returns unit-length 512-d vectors, one per text in order, empty text included', async () => {
    const out = await embedder.embed(['short', '', 'A much longer sentence about the evening news bulletin and its running order.']);
    expect(out).toHaveLength(3);
    for (const v of out) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(512);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic, whatever the batch a text lands in', async () => {
    const text = PAIRS[3]![0];
    const [alone] = await embedder.embed([text]);
    const [again] = await embedder.embed([text]);
    const inBatch = (await embedder.embed([PAIRS[0]![0], text, PAIRS[7]![0]]))[1]!;
    expect(again).toEqual(alone);
    expect(dot(alone!, inBatch)).toBeCloseTo(1, 5);
    expect(dot(alone!, captions[3]!)).toBeCloseTo(1, 5);
  });

  it('reports progress over batches and keeps the event loop free while the worker runs', async () => {
    const progress: number[] = [];
    // Timer callbacks that run while a batch is being embedded prove the loop is not blocked by the model
    // (inline, a batch holds the loop and no callback runs until it ends). How long the loop's gaps are is a
    // benchmark figure (bench:timing), not an assertion here.
    const ticksDuringBatches: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const out = await embedder.embed(Array.from({ length: 48 }, (_, i) => `Story ${i}: ${PAIRS[i % 12]![0]}`), {
      onProgress: (p) => {
        progress.push(p);
        ticksDuringBatches.push(ticks);
      },
    });
    clearInterval(timer);
    expect(out).toHaveLength(48);
    expect(progress).toEqual([0, 33, 67, 100]);
    expect(embedder.thread).toBe('worker');
    // Between each progress report (one batch in the worker) the main loop kept running timers.
    const perBatch = ticksDuringBatches.slice(1).map((t, i) => t - ticksDuringBatches[i]!);
    expect(perBatch.every((n) => n > 0)).toBe(true);
  });

  it('gives the same vectors inline, and opens no network connection', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const inline = new UseTextEmbedder({ thread: 'inline' });
    try {
      const [a, b] = await Promise.all([inline.embed([PAIRS[5]![0]]), inline.embed([PAIRS[6]![0]])]); // one shared load
      expect(inline.thread).toBe('inline');
      expect(dot(a![0]!, captions[5]!)).toBeCloseTo(1, 5);
      expect(dot(b![0]!, captions[6]!)).toBeCloseTo(1, 5);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});
