/**
 * Timing benchmark: the wall-clock figures that used to be assertions in queue/worker.test.ts,
 * embeddings/use.test.ts and openai-compatible/http.test.ts (tests assert behaviour; speed is measured here).
 * Each figure has a baseline run in the same process, and the ratio between them is what to compare across
 * machines. The last line is a JSON summary.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { OpenAiHttp } from '../src/adapters/openai-compatible/http';
import { UseTextEmbedder } from '../src/adapters/embeddings-use';
import { JobWorker } from '../src/jobs/worker';
import type { JobContext } from '../src/jobs/types';
import { silentLog, tempQueueFile, unexpectedJob, waitFor } from '../test/queue/harness';

const ROUNDS = Number(process.env.CUTAWAY_BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;
const rows: Array<{ figure: string; baseline: string; ms: number; baselineMs: number; ratio: number }> = [];
const report = (figure: string, baseline: string, ms: number, baselineMs: number) => {
  const row = { figure, baseline, ms: round(ms), baselineMs: round(baselineMs), ratio: Math.round((ms / Math.max(baselineMs, 0.1)) * 100) / 100 };
  rows.push(row);
  console.log(`${figure.padEnd(58)} ${String(row.ms).padStart(8)} ms   baseline (${baseline}) ${String(row.baselineMs).padStart(7)} ms   ratio ${row.ratio}`);
};

// --- OpenAiHttp: real Retry-After waits and abort latency against a loopback server --------------------------------
async function openAi() {
  let mode: 'ok' | 'retry' | 'hang' = 'ok';
  let n = 0;
  const server: Server = createServer((_req, res) => {
    if (mode === 'hang') return; // never answers
    if (mode === 'retry' && n++ % 2 === 0) return void res.writeHead(429, { 'retry-after-ms': '300', 'content-type': 'application/json' }).end('{"error":{"message":"slow down"}}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const Ok = z.object({ ok: z.literal(true) });
  const client = new OpenAiHttp({ baseUrl, timeoutMs: 60_000, retryBaseMs: 20 });
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f().catch(() => undefined);
    return performance.now() - t0;
  };
  const plain: number[] = [];
  const retried: number[] = [];
  const aborted: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    mode = 'ok';
    plain.push(await time(() => client.post('/embeddings', {}, Ok)));
    mode = 'retry';
    n = 0;
    retried.push(await time(() => client.post('/embeddings', {}, Ok)));
    mode = 'hang';
    const ac = new AbortController();
    const p = client.post('/embeddings', {}, Ok, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    ac.abort();
    await p.catch(() => undefined);
    aborted.push(performance.now() - t0);
  }
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  report('openai http: a 429 with retry-after-ms 300, then 200', 'one 200', median(retried), median(plain));
  report('openai http: abort of a hanging request until it rejects', 'one 200', median(aborted), median(plain));
}

// --- JobWorker.stop(): grace period, and a handler that ignores its signal -----------------------------------------
async function workerStop() {
  const measure = async (behaviour: (ctx: JobContext) => Promise<void>, graceMs: number, abortWaitMs: number) => {
    const file = tempQueueFile();
    const { queue } = file.open();
    const w = new JobWorker({
      queue, log: silentLog, workerId: 'bench', leaseMs: 3_000, pollMs: 10, abortWaitMs,
      handlers: { 'media.ingest': (_p, ctx) => behaviour(ctx), 'enrich.step': unexpectedJob, 'archive.restore': unexpectedJob, 'archive.move': unexpectedJob, 'archive.policies': unexpectedJob, 'delivery.render': null },
    });
    w.start();
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { maxAttempts: 3 });
    await waitFor(async () => (await queue.get(job.id))?.status === 'running');
    const t0 = performance.now();
    await w.stop({ graceMs });
    const ms = performance.now() - t0;
    file.cleanup();
    return ms;
  };
  const untilAborted = (ctx: JobContext) => new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
  const quick: number[] = [];
  const grace: number[] = [];
  const deaf: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    quick.push(await measure(untilAborted, 0, 100));
    grace.push(await measure(untilAborted, 100, 100));
    deaf.push(await measure(() => new Promise(() => {}), 50, 100));
  }
  report('worker stop, graceMs 100, handler honours abort', 'graceMs 0', median(grace), median(quick));
  report('worker stop, graceMs 50 + abortWaitMs 100, handler deaf', 'graceMs 0', median(deaf), median(quick));
}

// --- Embeddings: the longest event-loop gap while 48 sentences are embedded ---------------------------------------
async function embedderGaps() {
  const texts = Array.from({ length: 48 }, (_, i) => `Story ${i}: firefighters battle a blaze at a warehouse near the docks`);
  const gap = async (e: UseTextEmbedder) => {
    await e.warmUp();
    let last = performance.now();
    let max = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      max = Math.max(max, now - last);
      last = now;
    }, 5);
    await e.embed(texts);
    clearInterval(timer);
    return max;
  };
  const worker = new UseTextEmbedder();
  const inline = new UseTextEmbedder({ thread: 'inline' });
  const w: number[] = [];
  const i: number[] = [];
  for (let r = 0; r < Math.min(ROUNDS, 3); r++) {
    w.push(await gap(worker));
    i.push(await gap(inline));
  }
  worker.close();
  inline.close();
  report('embeddings: longest event-loop gap, model in a worker', 'inline model', median(w), median(i));
}

await openAi();
await workerStop();
await embedderGaps();
console.log(JSON.stringify({ bench: 'timing', rounds: ROUNDS, rows }));
