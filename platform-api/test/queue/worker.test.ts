import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@cutaway/shared/errors';
import type { Job } from '@cutaway/shared/schemas';
import type { JobQueue } from '../../src/ports/job-queue';
import type { JobContext } from '../../src/jobs/types';
import { JobWorker, type JobOutcome, type JobWorkerOptions } from '../../src/jobs/worker';
import { silentLog, tempQueueFile, unexpectedJob, waitFor } from './harness';

type Behaviour = (assetId: string, ctx: JobContext) => Promise<void>;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('JobWorker on the SQLite queue', () => {
  let file: ReturnType<typeof tempQueueFile>;
  let queue: JobQueue;
  let behaviour: Behaviour;
  let finished: Array<{ job: Job; outcome: JobOutcome }>;
  let workers: JobWorker[];

  const worker = (options: Partial<JobWorkerOptions> = {}) => {
    const w = new JobWorker({
      queue, log: silentLog, workerId: 'test-worker', leaseMs: 3_000, pollMs: 20,
      handlers: { 'media.ingest': (payload, ctx) => behaviour(payload.assetId, ctx), 'enrich.step': unexpectedJob, 'archive.restore': unexpectedJob, 'archive.move': unexpectedJob, 'archive.policies': unexpectedJob, 'delivery.render': null },
      onFinished: (job, outcome) => finished.push({ job, outcome }),
      ...options,
    });
    workers.push(w);
    w.start();
    return w;
  };
  const enqueue = (assetId = 'asset-0001') => queue.enqueue('media.ingest', { assetId }, { maxAttempts: 3 });
  const outcomeOf = (id: string, timeoutMs = 5_000) => waitFor(() => finished.find((f) => f.job.id === id), timeoutMs, `job ${id} to finish`);

  beforeEach(() => {
    file = tempQueueFile();
    queue = file.open().queue;
    finished = [];
    workers = [];
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop({ graceMs: 0 })));
    file.cleanup();
  });

  it('runs a job to done and reports progress', async () => {
    const progress: Array<[number, string | null]> = [];
    behaviour = async (_assetId, ctx) => {
      ctx.progress(50, 'proxy');
      await sleep(10);
    };
    worker({ onProgress: (_job, p, s) => progress.push([p, s]) });
    const job = await enqueue();
    const { outcome, job: final } = await outcomeOf(job.id);
    expect(outcome).toBe('done');
    expect(final).toMatchObject({ status: 'done', percent: 100, attempts: 1 });
    expect(progress).toEqual([[50, 'proxy']]);
  });

  it('retries a transient error and fails a permanent one at once', async () => {
    behaviour = async (assetId) => {
      if (assetId === 'asset-gone') throw new AppError('asset.not_found', 'Asset asset-gone was deleted');
      throw new Error('ffmpeg exited with 137');
    };
    worker();
    const transient = await enqueue('asset-0001');
    const permanent = await enqueue('asset-gone');
    expect(await outcomeOf(transient.id)).toMatchObject({ outcome: 'retrying', job: { status: 'queued', error: 'ffmpeg exited with 137' } });
    expect(await outcomeOf(permanent.id)).toMatchObject({
      outcome: 'failed',
      job: { status: 'failed', attempts: 1, error: 'asset.not_found: Asset asset-gone was deleted' },
    });
  });

  it('stop() lets a handler finish within the grace period', async () => {
    behaviour = () => sleep(100);
    const w = worker();
    const job = await enqueue();
    await waitFor(async () => (await queue.get(job.id))?.status === 'running');
    await w.stop({ graceMs: 2_000 });
    expect((await queue.get(job.id))?.status).toBe('done');
  });

  it('stop() aborts a handler after the grace period and releases its job', async () => {
    let reason: unknown;
    behaviour = (_assetId, ctx) => untilAborted(ctx.signal).catch((err: unknown) => Promise.reject((reason = err)));
    const w = worker();
    const job = await enqueue();
    await waitFor(async () => (await queue.get(job.id))?.status === 'running');
    await w.stop({ graceMs: 100 });
    // The handler ran until the grace period ended and was then aborted (how long that took: bench:timing).
    expect((reason as Error).name).toBe('AbortError');
    expect(finished.map((f) => f.outcome)).toEqual(['released']);
    expect(await queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0, error: null });
  });

  it('stop() stays bounded when a handler ignores its signal', async () => {
    behaviour = () => new Promise(() => {}); // never settles
    const w = worker({ abortWaitMs: 100 });
    const job = await enqueue();
    await waitFor(async () => (await queue.get(job.id))?.status === 'running');
    // Resolving at all is the property (the handler never settles; an unbounded stop would hit the test timeout).
    await w.stop({ graceMs: 50 });
    expect(await queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('throttles progress writes but keeps the latest value and 100', async () => {
    const writes: number[] = [];
    const spy: JobQueue = Object.create(queue, {
      progress: { value: (id: string, w: string, p: number, s: string | null) => (writes.push(p), queue.progress(id, w, p, s)) },
    });
    let sawTrailing = false;
    behaviour = async (_assetId, ctx) => {
      for (let i = 1; i <= 100; i++) {
        ctx.progress(i * 0.8, 'scan'); // 100 calls over ~1 s
        await sleep(10);
      }
      ctx.progress(87);
      // Nothing new is reported, yet the DB must catch up with 87 (the trailing write; bounded wait, not a fixed sleep).
      sawTrailing = Boolean(await waitFor(async () => (await queue.get(job.id))?.percent === 87, 5_000, 'the trailing 87').catch(() => false));
      ctx.progress(100);
    };
    worker({ queue: spy });
    const job = await enqueue();
    expect((await outcomeOf(job.id)).outcome).toBe('done');
    // 102 progress calls become a handful of writes (the write rate itself is in progress-throttle.test.ts
    // with an injected clock, and measured by bench:timing).
    expect(writes.length).toBeLessThan(102 / 2);
    expect(writes.length).toBeGreaterThanOrEqual(4);
    expect(sawTrailing).toBe(true);
    expect(writes.at(-1)).toBe(100);
  });

  it('aborts the handler when a heartbeat finds the lease taken over', async () => {
    // A second process whose clock is an hour ahead sees the lease as expired and claims the job.
    const thief = file.open({ now: () => new Date(Date.now() + 3_600_000) }).queue;
    let aborted = false;
    behaviour = (_assetId, ctx) => untilAborted(ctx.signal).finally(() => void (aborted = true));
    worker({ leaseMs: 300 });
    const job = await enqueue();
    await waitFor(async () => (await queue.get(job.id))?.status === 'running');
    expect((await thief.claim('thief', 60_000))?.job.attempts).toBe(2);
    expect((await outcomeOf(job.id)).outcome).toBe('lost');
    expect(aborted).toBe(true);
    await thief.complete(job.id, 'thief'); // still the thief's: the loser wrote nothing
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('claims only the job names it has handlers for; the others keep their attempts (issue 7)', async () => {
    behaviour = async () => {};
    worker({ handlers: { 'media.ingest': (payload, ctx) => behaviour(payload.assetId, ctx), 'enrich.step': null, 'archive.restore': null, 'archive.move': null, 'archive.policies': null, 'delivery.render': null } });
    const enrich = await queue.enqueue('enrich.step', { assetId: 'asset-0001', step: 'ocr' }, { priority: 1 });
    const ingest = await enqueue('asset-0002');
    expect((await outcomeOf(ingest.id)).outcome).toBe('done');
    // The more urgent enrich.step job was there first and is still untouched: never claimed, no attempt spent.
    expect(await queue.get(enrich.id)).toMatchObject({ status: 'queued', attempts: 0, error: null });
    expect(finished.map((f) => f.job.id)).toEqual([ingest.id]);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    let active = 0;
    let peak = 0;
    behaviour = async () => {
      peak = Math.max(peak, ++active);
      await sleep(60);
      active--;
    };
    worker({ concurrency: 2 });
    const jobs = await Promise.all(['asset-0001', 'asset-0002', 'asset-0003', 'asset-0004', 'asset-0005'].map(enqueue));
    for (const job of jobs) expect((await outcomeOf(job.id)).outcome).toBe('done');
    expect(peak).toBe(2);
  });

  it('sleeps while idle and wake() makes it poll at once', async () => {
    behaviour = async () => {};
    let claims = 0;
    const counting: JobQueue = Object.create(queue, {
      claim: { value: async (...args: Parameters<JobQueue['claim']>) => { const r = await queue.claim(...args); claims++; return r; } },
    });
    const w = worker({ queue: counting, pollMs: 60_000 });
    await waitFor(() => claims >= 1, 5_000, 'the first poll'); // it found nothing: now idle for a minute
    const job = await enqueue();
    await sleep(200);
    expect((await queue.get(job.id))?.status).toBe('queued');
    w.wake();
    // Well inside the minute the next poll would otherwise take.
    expect((await outcomeOf(job.id, 10_000)).outcome).toBe('done');
  });

  it('survives a failing claim and keeps going', async () => {
    let failures = 2;
    const flaky: JobQueue = Object.create(queue, {
      claim: { value: (...args: Parameters<JobQueue['claim']>) => (failures-- > 0 ? Promise.reject(new Error('SQLITE_BUSY')) : queue.claim(...args)) },
    });
    behaviour = async () => {};
    worker({ queue: flaky });
    const job = await enqueue();
    expect((await outcomeOf(job.id)).outcome).toBe('done');
    expect(failures).toBeLessThan(0);
  });
});
