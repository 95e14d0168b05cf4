import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, type PgPool } from '../../src/adapters/postgres/database';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';
import { pgQueueMigrations } from '../../src/adapters/postgres/queue.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';

describe.skipIf(!PG_URL)(`PgJobQueue specifics${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>>;
  let t: number;
  const now = () => new Date(t);
  const others: PgPool[] = [];
  /** Another pool on the same schema: as far as PostgreSQL is concerned, another process. */
  const otherPool = () => {
    const pool = openPostgres(db.url, { schema: db.schema, max: 3 });
    others.push(pool);
    return pool;
  };
  beforeEach(async () => {
    db = await tempPgSchema(pgQueueMigrations);
    t = Date.parse('2030-01-01T00:00:00Z');
  });
  afterEach(async () => {
    for (const pool of others.splice(0)) await pool.end();
    await db.drop();
  });

  it('fails a corrupt row with a clear error and hands out the next job', async () => {
    const queue = new PgJobQueue(db.pool, { now });
    const notObject = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { priority: 1 });
    const badShape = await queue.enqueue('media.ingest', { assetId: 'asset-0002' }, { priority: 2 });
    const badName = await queue.enqueue('media.ingest', { assetId: 'asset-0003' }, { priority: 3 });
    const good = await queue.enqueue('media.ingest', { assetId: 'asset-0004' }, { priority: 4 });
    await db.pool.query(`UPDATE jobs SET payload = '"asset-0001"'::jsonb WHERE id = $1`, [notObject.id]);
    await db.pool.query(`UPDATE jobs SET payload = '{"assetId":"../x"}'::jsonb WHERE id = $1`, [badShape.id]);
    await db.pool.query(`UPDATE jobs SET name = 'media.gone' WHERE id = $1`, [badName.id]);
    expect((await queue.claim('w', 30_000))?.job.id).toBe(good.id);
    expect((await queue.get(notObject.id))?.error).toMatch(/^corrupt job row: \(root\): /);
    expect(await queue.get(badShape.id)).toMatchObject({ status: 'failed', attempts: 0 });
    expect((await queue.get(badShape.id))?.error).toMatch(/^corrupt job row: assetId: invalid id/);
    expect((await queue.get(badName.id))?.error).toBe('corrupt job row: unknown job name "media.gone"');
  });

  it('follows the configured backoff: equal jitter, doubling, capped', async () => {
    const queue = new PgJobQueue(db.pool, { now, backoffBaseMs: 1_000, backoffMaxMs: 4_000 });
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { maxAttempts: 10 });
    const bounds = [[500, 1_000], [1_000, 2_000], [2_000, 4_000], [2_000, 4_000]] as const;
    for (const [lo, hi] of bounds) {
      await queue.claim('w', 30_000);
      const delay = Date.parse((await queue.fail(job.id, 'w', 'x')).runAt) - t;
      expect(delay).toBeGreaterThanOrEqual(lo);
      expect(delay).toBeLessThanOrEqual(hi);
      t += delay;
    }
  });

  it('uses the injected id generator and keeps large priorities exact', async () => {
    let n = 0;
    const queue = new PgJobQueue(db.pool, { now, newId: () => `job-test-${++n}` });
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { priority: Number.MAX_SAFE_INTEGER });
    expect(job).toMatchObject({ id: 'job-test-1', priority: Number.MAX_SAFE_INTEGER });
    expect(await queue.prioritize('asset-0001', -(2 ** 40))).toBe(1);
    expect((await queue.get(job.id))?.priority).toBe(-(2 ** 40));
  });

  it('stores an error or stage containing NUL (PostgreSQL TEXT cannot) without losing the rest', async () => {
    const queue = new PgJobQueue(db.pool, { now });
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { maxAttempts: 1 });
    await queue.claim('w', 30_000);
    await queue.progress(job.id, 'w', 5, 'pro\u0000xy');
    expect((await queue.get(job.id))?.stage).toBe('proxy');
    expect(await queue.fail(job.id, 'w', 'ffmpeg: bad\u0000 header')).toMatchObject({ status: 'failed', error: 'ffmpeg: bad header' });
  });

  it('shares jobs, leases and dedupe keys between pools on the same schema', async () => {
    const a = new PgJobQueue(db.pool, { now });
    const b = new PgJobQueue(otherPool(), { now });
    const job = await a.enqueue('media.ingest', { assetId: 'asset-0001' }, { dedupeKey: 'k' });
    expect((await b.enqueue('media.ingest', { assetId: 'asset-0001' }, { dedupeKey: 'k' })).id).toBe(job.id);
    expect((await b.claim('wb', 30_000))?.job.id).toBe(job.id);
    expect(await a.claim('wa', 30_000)).toBeNull();
    await b.complete(job.id, 'wb');
    expect((await a.get(job.id))?.status).toBe('done');
  });

  it('settles concurrent enqueues with one dedupe key on a single job', async () => {
    const queues = [new PgJobQueue(db.pool, { now }), new PgJobQueue(otherPool(), { now }), new PgJobQueue(otherPool(), { now })];
    const jobs = await Promise.all(
      Array.from({ length: 30 }, (_, i) => queues[i % 3]!.enqueue('media.ingest', { assetId: 'asset-0001' }, { dedupeKey: 'same' })),
    );
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    expect(await queues[0]!.list({})).toHaveLength(1);
  });

  it('a claim skips a row another transaction holds instead of waiting for it', async () => {
    const queue = new PgJobQueue(db.pool, { now });
    const first = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { priority: 1 });
    const second = await queue.enqueue('media.ingest', { assetId: 'asset-0002' }, { priority: 2 });
    const holder = await otherPool().connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM jobs WHERE id = $1 FOR UPDATE', [first.id]);
      expect((await queue.claim('w', 30_000))?.job.id).toBe(second.id);
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    expect((await queue.claim('w', 30_000))?.job.id).toBe(first.id);
  });

  it('the unique index refuses a second live job with the same dedupe key', async () => {
    const insert = (id: string, status: string) => db.pool.query(
      `INSERT INTO jobs (id, name, payload, status, priority, max_attempts, dedupe_key, locked_by, lease_until, run_at, created_at, updated_at)
       VALUES ($1, 'media.ingest', '{}', $2::text, 50, 3, 'k', CASE WHEN $2::text = 'running' THEN 'w' END,
         CASE WHEN $2::text = 'running' THEN now() END, now(), now(), now())`, [id, status]);
    await insert('job-0001', 'done');
    await insert('job-0002', 'queued');
    await expect(insert('job-0003', 'running')).rejects.toThrow(/jobs_dedupe/);
  });
});
