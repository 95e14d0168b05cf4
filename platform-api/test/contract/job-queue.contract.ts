import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import type { JobQueue } from '../../src/ports/job-queue';
import { LEASE, START, expectValidJob, ingest, type QueueCtx } from './job-queue.contract.kit';
import { leaseContract } from './job-queue.contract.leases';

export type MakeJobQueue = (opts: { now: () => Date }) => Promise<{ queue: JobQueue; close(): Promise<void> }>;

/**
 * The behaviour every JobQueue adapter must show. Time is an injected clock that only
 * moves when a test says so: leases and backoff are checked without sleeping.
 */
export function runJobQueueContract(label: string, makeQueue: MakeJobQueue): void {
  describe(`JobQueue contract: ${label}`, () => {
    let t = START;
    let harness: Awaited<ReturnType<MakeJobQueue>>;
    const ctx: QueueCtx = {
      get queue() {
        return harness.queue;
      },
      get now() {
        return new Date(t);
      },
      advance: (ms) => void (t += ms),
    };
    beforeEach(async () => {
      t = START;
      harness = await makeQueue({ now: () => new Date(t) });
    });
    afterEach(() => harness.close());

    it('enqueues, claims and completes a job', async () => {
      const { queue } = ctx;
      const job = await queue.enqueue('media.ingest', ingest('asset-0001'));
      expectValidJob(job);
      expect(job).toMatchObject({ name: 'media.ingest', assetId: 'asset-0001', status: 'queued', attempts: 0, priority: 50, percent: 0 });
      const claimed = await queue.claim('w1', LEASE);
      expect(claimed?.payload).toEqual({ assetId: 'asset-0001' });
      expect(claimed?.job).toMatchObject({ id: job.id, status: 'running', attempts: 1 });
      expectValidJob(claimed?.job);
      expect(await queue.claim('w2', LEASE)).toBeNull();
      await queue.progress(job.id, 'w1', 40, 'proxy');
      expect(await queue.get(job.id)).toMatchObject({ percent: 40, stage: 'proxy' });
      await queue.complete(job.id, 'w1');
      const done = await queue.get(job.id);
      expectValidJob(done);
      expect(done).toMatchObject({ status: 'done', percent: 100, attempts: 1, error: null });
      expect(await queue.claim('w1', LEASE)).toBeNull();
    });

    it('generates distinct ids that match IdSchema', async () => {
      const a = await ctx.queue.enqueue('media.ingest', ingest('asset-0001'));
      const b = await ctx.queue.enqueue('media.ingest', ingest('asset-0001'));
      expect(a.id).not.toBe(b.id);
      for (const id of [a.id, b.id]) expect(id).toMatch(/^[a-z0-9][a-z0-9_-]{5,63}$/i);
    });

    it('claims by priority, then runAt, then creation order', async () => {
      const { queue } = ctx;
      const p50 = await queue.enqueue('media.ingest', ingest('asset-0050'));
      const p90 = await queue.enqueue('media.ingest', ingest('asset-0090'), { priority: 90 });
      const p10a = await queue.enqueue('media.ingest', ingest('asset-010a'), { priority: 10 });
      ctx.advance(1);
      const p10b = await queue.enqueue('media.ingest', ingest('asset-010b'), { priority: 10 });
      // Created last but due earlier: runAt outranks creation time.
      const p10early = await queue.enqueue('media.ingest', ingest('asset-010e'), { priority: 10, runAt: new Date(START - 60_000) });
      const order: string[] = [];
      for (let c = await queue.claim('w', LEASE); c; c = await queue.claim('w', LEASE)) order.push(c.job.id);
      expect(order).toEqual([p10early.id, p10a.id, p10b.id, p50.id, p90.id]);
    });

    it('does not hand out a job before its runAt', async () => {
      const { queue } = ctx;
      const job = await queue.enqueue('media.ingest', ingest('asset-0001'), { runAt: new Date(START + 60_000) });
      expect(job.runAt).toBe(new Date(START + 60_000).toISOString());
      expect(await queue.claim('w', LEASE)).toBeNull();
      ctx.advance(59_999);
      expect(await queue.claim('w', LEASE)).toBeNull();
      ctx.advance(1);
      expect((await queue.claim('w', LEASE))?.job.id).toBe(job.id);
    });

    it('only claims the requested job names', async () => {
      await ctx.queue.enqueue('media.ingest', ingest('asset-0001'));
      expect(await ctx.queue.claim('w', LEASE, [])).toBeNull();
      expect(await ctx.queue.claim('w', LEASE, ['media.ingest'])).not.toBeNull();
    });

    it('skips more urgent jobs of other names without touching them (a worker without enrichment)', async () => {
      const { queue } = ctx;
      const enrich = await queue.enqueue('enrich.step', { assetId: 'asset-0001', step: 'ocr' }, { priority: 1 });
      const restore = await queue.enqueue('archive.restore', { assetId: 'asset-0002', pollMs: 1000 }, { priority: 2 });
      const job = await queue.enqueue('media.ingest', ingest('asset-0003'), { priority: 90 });
      expect((await queue.claim('w', LEASE, ['media.ingest', 'archive.restore']))?.job.id).toBe(restore.id);
      expect((await queue.claim('w', LEASE, ['media.ingest', 'archive.restore']))?.job.id).toBe(job.id);
      expect(await queue.claim('w', LEASE, ['media.ingest', 'archive.restore'])).toBeNull();
      expect(await queue.get(enrich.id)).toMatchObject({ status: 'queued', attempts: 0 });
      expect((await queue.claim('w', LEASE))?.job.id).toBe(enrich.id);
    });

    it('honours dedupeKey only while a job is queued or running', async () => {
      const { queue } = ctx;
      const key = 'media.ingest:asset-0001';
      const first = await queue.enqueue('media.ingest', ingest('asset-0001'), { dedupeKey: key });
      expect((await queue.enqueue('media.ingest', ingest('asset-0001'), { dedupeKey: key })).id).toBe(first.id);
      await queue.claim('w', LEASE);
      expect((await queue.enqueue('media.ingest', ingest('asset-0001'), { dedupeKey: key })).id).toBe(first.id);
      const other = await queue.enqueue('media.ingest', ingest('asset-0001'), { dedupeKey: 'another-key' });
      expect(other.id).not.toBe(first.id);
      await queue.complete(first.id, 'w');
      const again = await queue.enqueue('media.ingest', ingest('asset-0001'), { dedupeKey: key });
      expect(again.id).not.toBe(first.id);
      expect(await queue.list({ assetId: 'asset-0001' })).toHaveLength(3);
    });

    it('prioritize makes pending jobs of one asset at least as urgent', async () => {
      const { queue } = ctx;
      const done = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 90 });
      await queue.claim('w', LEASE);
      await queue.complete(done.id, 'w');
      const a80 = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 80 });
      const a5 = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 5 });
      const b20 = await queue.enqueue('media.ingest', ingest('asset-000b'), { priority: 20 });
      const a60 = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 60 });
      expect(await queue.prioritize('asset-000a', 10)).toBe(2);
      expect((await queue.get(a80.id))?.priority).toBe(10);
      expect((await queue.get(a60.id))?.priority).toBe(10);
      expect((await queue.get(a5.id))?.priority).toBe(5);
      expect((await queue.get(b20.id))?.priority).toBe(20);
      expect((await queue.get(done.id))?.priority).toBe(90);
      const order: string[] = [];
      for (let c = await queue.claim('w', LEASE); c; c = await queue.claim('w', LEASE)) order.push(c.job.id);
      expect(order).toEqual([a5.id, a80.id, a60.id, b20.id]);
    });

    it('gets and lists jobs, newest first, filtered by asset and status', async () => {
      const { queue } = ctx;
      expect(await queue.get('no-such-job')).toBeNull();
      const a1 = await queue.enqueue('media.ingest', ingest('asset-000a'));
      ctx.advance(1);
      const a2 = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 1 });
      ctx.advance(1);
      const b1 = await queue.enqueue('media.ingest', ingest('asset-000b'));
      await queue.claim('w', LEASE); // a2, the most urgent
      expect((await queue.list({ assetId: 'asset-000a' })).map((j) => j.id)).toEqual([a2.id, a1.id]);
      expect((await queue.list({ status: 'queued' })).map((j) => j.id)).toEqual([b1.id, a1.id]);
      expect((await queue.list({ status: 'running' })).map((j) => j.id)).toEqual([a2.id]);
      expect((await queue.list({ assetId: 'asset-000a', status: 'running' })).map((j) => j.id)).toEqual([a2.id]);
      expect(await queue.list({ limit: 1 })).toHaveLength(1);
      for (const job of await queue.list({})) expectValidJob(job);
      expect(await queue.get(a2.id)).toEqual((await queue.list({ status: 'running' }))[0]);
    });

    it('deleteForAsset removes pending and finished jobs but leaves running ones', async () => {
      const { queue } = ctx;
      const done = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 1 });
      await queue.claim('w', LEASE);
      await queue.complete(done.id, 'w');
      const running = await queue.enqueue('media.ingest', ingest('asset-000a'), { priority: 2 });
      await queue.claim('w', LEASE);
      const queued = await queue.enqueue('media.ingest', ingest('asset-000a'));
      const other = await queue.enqueue('media.ingest', ingest('asset-000b'));
      await queue.deleteForAsset('asset-000a');
      expect(await queue.get(done.id)).toBeNull();
      expect(await queue.get(queued.id)).toBeNull();
      expect((await queue.get(running.id))?.status).toBe('running');
      expect((await queue.get(other.id))?.status).toBe('queued');
    });

    it('rejects an invalid payload with request.invalid and stores nothing', async () => {
      const { queue } = ctx;
      const bad = [{ assetId: '../etc/passwd' }, {}, { assetId: 42 }, null];
      for (const payload of bad) {
        const err = await queue.enqueue('media.ingest', payload as never).catch((e: unknown) => e);
        expect(isAppError(err, 'request.invalid'), String(err)).toBe(true);
      }
      const unknown = await queue.enqueue('no.such.job' as never, { assetId: 'asset-0001' } as never).catch((e: unknown) => e);
      expect(isAppError(unknown, 'request.invalid')).toBe(true);
      expect(await queue.list({})).toEqual([]);
    });

    leaseContract(ctx);
  });
}
