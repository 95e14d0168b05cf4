import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import { UseTextEmbedder } from '../../src/adapters/embeddings-use';
import type { WorkerEntry } from '../../src/adapters/embeddings-use/worker-client';

/** A stand-in worker (plain JS, no model): vector[0] of each result = the order it was served in. */
const fake = (body: string): WorkerEntry => ({
  eval: true,
  script: `const { parentPort: port } = require('node:worker_threads');\n${body}`,
});
const ECHO = fake(`
  let served = 0;
  port.postMessage({ type: 'ready', loadMs: 1 });
  port.on('message', ({ id, texts }) => {
    const until = Date.now() + 40; while (Date.now() < until); // a graph run blocks its thread
    const data = new Float32Array(texts.length * 512);
    texts.forEach((t, i) => { data[i * 512] = served; data[i * 512 + 1] = Number(t); });
    served++;
    port.postMessage({ type: 'result', id, data, count: texts.length }, [data.buffer]);
  });
`);

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe('UseTextEmbedder worker plumbing (fake worker)', () => {
  it('splits into batches, keeps order, and lets a small (query) call overtake queued bulk batches', async () => {
    const e = new UseTextEmbedder({ workerEntry: ECHO, batchSize: 2 });
    try {
      const bulk = e.embed(['1', '2', '3', '4', '5', '6']);
      await new Promise((r) => setTimeout(r, 10)); // the first bulk batch is in flight
      const [query] = await e.embed(['7']);
      const vectors = await bulk;
      expect(vectors.map((v) => v[1])).toEqual([1, 2, 3, 4, 5, 6]);
      // Bulk batches are served one at a time: the query waited for at most the batch in flight.
      expect(query![0]).toBeLessThanOrEqual(1);
      expect(vectors.at(-1)![0]).toBe(3);
    } finally {
      await e.close();
    }
  });

  it('fails calls with ai.unavailable when the model does not load, and retries on the next call', async () => {
    const e = new UseTextEmbedder({ workerEntry: fake(`port.postMessage({ type: 'load-failed', message: 'no weights' });`) });
    const [a, b] = await Promise.all([rejection(e.embed(['x'])), rejection(e.embed(['y']))]);
    for (const err of [a, b]) expect(isAppError(err, 'ai.unavailable') && /no weights/.test((err as Error).message), String(err)).toBe(true);
    expect(isAppError(await rejection(e.embed(['z'])), 'ai.unavailable')).toBe(true);
    await e.close();
  });

  it('fails the calls a crashed worker held, then starts a new worker', async () => {
    const e = new UseTextEmbedder({
      workerEntry: fake(`
        port.postMessage({ type: 'ready', loadMs: 1 });
        port.on('message', ({ id, texts }) => {
          if (texts[0] === 'crash') throw new Error('wasm abort');
          port.postMessage({ type: 'result', id, data: new Float32Array(512 * texts.length), count: texts.length });
        });
      `),
    });
    try {
      const err = await rejection(e.embed(['crash']));
      expect(isAppError(err, 'ai.unavailable') && /wasm abort/.test((err as Error).message), String(err)).toBe(true);
      expect(await e.embed(['fine'])).toHaveLength(1);
    } finally {
      await e.close();
    }
  });

  it('honours an abort signal between batches', async () => {
    const e = new UseTextEmbedder({ workerEntry: ECHO, batchSize: 1 });
    const ac = new AbortController();
    try {
      const p = e.embed(['1', '2', '3'], { signal: ac.signal, onProgress: (pct) => pct > 0 && ac.abort() });
      expect((await rejection(p)) as Error).toMatchObject({ name: 'AbortError' });
    } finally {
      await e.close();
    }
  });

  it('shares one worker (one model load) between embedders, stopped by the last close', async () => {
    const [a, b] = [new UseTextEmbedder({ workerEntry: ECHO }), new UseTextEmbedder({ workerEntry: ECHO })];
    const [[x], [y]] = [await a.embed(['1']), await b.embed(['2'])];
    expect([x![0], y![0]]).toEqual([0, 1]); // one served-counter: one thread
    await a.close();
    expect((await b.embed(['3']))[0]![0]).toBe(2);
    expect(isAppError(await rejection(a.embed(['4'])), 'ai.unavailable')).toBe(true);
    await b.close();
  });

  it('falls back to inline when no worker script can be found', () => {
    expect(new UseTextEmbedder({ workerEntry: null }).thread).toBe('inline');
    expect(new UseTextEmbedder({ thread: 'inline' }).thread).toBe('inline');
  });
});
