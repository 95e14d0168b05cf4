import { expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import { LEASE, expectValidJob, ingest, type QueueCtx } from './job-queue.contract.kit';

const rejectsNotFound = async (p: Promise<unknown>) => {
  const err = await p.then(() => 'resolved', (e: unknown) => e);
  expect(isAppError(err, 'job.not_found'), String(err)).toBe(true);
};

/** Leases, retries and ownership: the part of the contract that makes jobs survive a kill -9. */
export function leaseContract(ctx: QueueCtx): void {
  it('hands a job whose lease expired to another worker; the old owner loses it', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'));
    await queue.claim('w1', LEASE);
    ctx.advance(LEASE - 1);
    expect(await queue.claim('w2', LEASE)).toBeNull();
    ctx.advance(1);
    const again = await queue.claim('w2', LEASE);
    expect(again?.job).toMatchObject({ id: job.id, status: 'running', attempts: 2 });
    expect(await queue.heartbeat(job.id, 'w1', LEASE)).toBe(false);
    await rejectsNotFound(queue.complete(job.id, 'w1'));
    await rejectsNotFound(queue.fail(job.id, 'w1', 'late failure'));
    await queue.progress(job.id, 'w1', 90, 'stale');
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', percent: 0, stage: null });
    await queue.complete(job.id, 'w2');
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a heartbeat extends the lease; a stranger cannot heartbeat', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'));
    await queue.claim('w1', 1_000);
    ctx.advance(800);
    expect(await queue.heartbeat(job.id, 'w1', 1_000)).toBe(true);
    expect(await queue.heartbeat(job.id, 'intruder', 60_000)).toBe(false);
    ctx.advance(800); // 1.6 s after the claim, 0.8 s after the heartbeat
    expect(await queue.claim('w2', 1_000)).toBeNull();
    ctx.advance(200);
    expect((await queue.claim('w2', 1_000))?.job.id).toBe(job.id);
  });

  it('retries a failure later with a growing, bounded backoff', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'), { maxAttempts: 5 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const claimed = await queue.claim('w', LEASE);
      expect(claimed?.job).toMatchObject({ id: job.id, attempts: attempt });
      const failed = await queue.fail(job.id, 'w', `boom ${attempt}`);
      expectValidJob(failed);
      expect(failed).toMatchObject({ status: 'queued', attempts: attempt, error: `boom ${attempt}` });
      const delay = Date.parse(failed.runAt) - ctx.now.getTime();
      delays.push(delay);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(60 * 60_000);
      ctx.advance(delay - 1);
      expect(await queue.claim('w', LEASE)).toBeNull();
      ctx.advance(1);
    }
    expect(delays[1]).toBeGreaterThanOrEqual(delays[0]!);
    expect((await queue.claim('w', LEASE))?.job.attempts).toBe(3);
  });

  it('fails a job for good after maxAttempts, or at once when not retryable', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'), { maxAttempts: 2 });
    await queue.claim('w', LEASE);
    ctx.advance(Date.parse((await queue.fail(job.id, 'w', 'first')).runAt) - ctx.now.getTime());
    await queue.claim('w', LEASE);
    expect(await queue.fail(job.id, 'w', 'second')).toMatchObject({ status: 'failed', attempts: 2, error: 'second' });
    ctx.advance(24 * 60 * 60_000);
    expect(await queue.claim('w', LEASE)).toBeNull();

    const permanent = await queue.enqueue('media.ingest', ingest('asset-0002'), { maxAttempts: 5 });
    await queue.claim('w', LEASE);
    const failed = await queue.fail(permanent.id, 'w', 'not media', { retryable: false });
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: 'not media' });
  });

  it('fails a job whose lease expired maxAttempts times instead of looping forever', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'), { maxAttempts: 2 });
    expect((await queue.claim('w1', 1_000))?.job.attempts).toBe(1);
    ctx.advance(1_000);
    expect((await queue.claim('w2', 1_000))?.job.attempts).toBe(2);
    ctx.advance(1_000);
    expect(await queue.claim('w3', 1_000)).toBeNull();
    const dead = await queue.get(job.id);
    expect(dead).toMatchObject({ status: 'failed', attempts: 2 });
    expect(dead?.error).toMatch(/lease/i);
  });

  it('release hands a job back without counting an attempt', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'), { maxAttempts: 1 });
    await queue.claim('w1', LEASE);
    await queue.progress(job.id, 'w1', 30, 'proxy');
    await rejectsNotFound(queue.release(job.id, 'intruder'));
    await queue.release(job.id, 'w1');
    expect(await queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0, error: null });
    await rejectsNotFound(queue.release(job.id, 'w1'));
    // Released jobs are claimable at once, and a maxAttempts of 1 still allows the real attempt.
    expect((await queue.claim('w2', LEASE))?.job).toMatchObject({ id: job.id, attempts: 1 });
    await queue.complete(job.id, 'w2');
    expect((await queue.get(job.id))?.status).toBe('done');
  });

  it('rejects completing or failing a job nobody claimed', async () => {
    const { queue } = ctx;
    const job = await queue.enqueue('media.ingest', ingest('asset-0001'));
    await rejectsNotFound(queue.complete(job.id, 'w'));
    await rejectsNotFound(queue.fail(job.id, 'w', 'nope'));
    await rejectsNotFound(queue.complete('no-such-job', 'w'));
    expect(await queue.heartbeat('no-such-job', 'w', LEASE)).toBe(false);
    expect(await queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });
}
