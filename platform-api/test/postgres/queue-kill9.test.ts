import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '@cutaway/shared/schemas';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';
import { pgQueueMigrations } from '../../src/adapters/postgres/queue.migrations';
import { JobWorker, type JobOutcome } from '../../src/jobs/worker';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { exited, spawnScript, waitForLine } from '../queue/child';
import { silentLog, waitFor } from '../queue/harness';

const LEASE_MS = 900;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!PG_URL)(`a PostgreSQL worker killed with SIGKILL mid-job${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>> | undefined;
  let child: ChildProcess | undefined;
  let rescuer: JobWorker | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (child) await exited(child);
    await rescuer?.stop({ graceMs: 0 });
    await db?.drop();
  });

  it('loses no work: another worker takes the job over once the lease expires', { timeout: 30_000 }, async () => {
    db = await tempPgSchema(pgQueueMigrations);
    const { pool } = db;
    const queue = new PgJobQueue(pool);
    const leaseUntil = async (id: string) =>
      ((await pool.query<{ lease_until: Date }>('SELECT lease_until FROM jobs WHERE id = $1', [id])).rows[0]!.lease_until).getTime();
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-kill9' }, { maxAttempts: 3 });

    const victim = spawnScript('../postgres/queue-kill9.child.ts', [db.url, db.schema, String(LEASE_MS)]);
    child = victim;
    expect((await waitForLine(victim, /^started (\S+)$/, 20_000))[1]).toBe(job.id);
    // Alive for well over one lease: only its heartbeats (every lease/3) can keep the job.
    const firstLease = await leaseUntil(job.id);
    await sleep(LEASE_MS * 1.5);
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', attempts: 1, percent: 10, stage: 'proxy' });
    expect(await leaseUntil(job.id)).toBeGreaterThan(firstLease);
    expect(await queue.claim('probe', LEASE_MS)).toBeNull();

    victim.kill('SIGKILL');
    expect((await exited(victim)).signal).toBe('SIGKILL');
    const orphanedUntil = await leaseUntil(job.id);
    expect((await queue.get(job.id))?.status).toBe('running'); // nothing cleaned up after the dead worker

    let takenOverAt = 0;
    const finished: Array<{ job: Job; outcome: JobOutcome }> = [];
    rescuer = new JobWorker({
      queue, log: silentLog, workerId: 'rescuer', leaseMs: 5_000, pollMs: 25, maxPollMs: 50,
      handlers: {
        'media.ingest': async (payload, ctx) => {
          takenOverAt = Date.now();
          expect(payload).toEqual({ assetId: 'asset-kill9' });
          ctx.progress(100, 'done');
        },
        'enrich.step': async () => {
          throw new Error('not enqueued by this test');
        },
        'archive.restore': async () => {
          throw new Error('not enqueued by this test');
        },
        'archive.move': async () => {
          throw new Error('not enqueued by this test');
        },
        'archive.policies': async () => {
          throw new Error('not enqueued by this test');
        },
        'delivery.render': null,
      },
      onFinished: (j, outcome) => finished.push({ job: j, outcome }),
    });
    rescuer.start();
    const [result] = await waitFor(() => (finished.length ? finished : null), 10_000, 'the rescued job to finish');
    expect(takenOverAt).toBeGreaterThanOrEqual(orphanedUntil);
    expect(result?.outcome).toBe('done');
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', attempts: 2, percent: 100, error: null });
  });
});
