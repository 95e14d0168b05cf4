import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '@cutaway/shared/schemas';
import { JobWorker, type JobOutcome } from '../../src/jobs/worker';
import { exited, spawnScript, waitForLine } from './child';
import { silentLog, tempQueueFile, waitFor, unexpectedJob } from './harness';

const LEASE_MS = 900;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('a worker killed with SIGKILL mid-job', () => {
  let file: ReturnType<typeof tempQueueFile> | undefined;
  let child: ChildProcess | undefined;
  let rescuer: JobWorker | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (child) await exited(child);
    await rescuer?.stop({ graceMs: 0 });
    file?.cleanup();
  });

  it('loses no work: another worker takes the job over once the lease expires', { timeout: 30_000 }, async () => {
    file = tempQueueFile();
    const { db, queue } = file.open();
    const leaseUntil = (id: string) => db.prepare('SELECT lease_until FROM jobs WHERE id = ?').pluck().get(id) as number;
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-kill9' }, { maxAttempts: 3 });

    const victim = spawnScript('./kill9.child.ts', [file.path, String(LEASE_MS)]);
    child = victim;
    expect((await waitForLine(victim, /^started (\S+)$/, 20_000))[1]).toBe(job.id);
    // Alive for well over one lease: only its heartbeats (every lease/3) can keep the job.
    const firstLease = leaseUntil(job.id);
    await sleep(LEASE_MS * 1.5);
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', attempts: 1, percent: 10, stage: 'proxy' });
    expect(leaseUntil(job.id)).toBeGreaterThan(firstLease);
    expect(await queue.claim('probe', LEASE_MS)).toBeNull();

    victim.kill('SIGKILL');
    expect((await exited(victim)).signal).toBe('SIGKILL');
    const orphanedUntil = leaseUntil(job.id);
    expect((await queue.get(job.id))?.status).toBe('running'); // nothing cleaned up after the dead worker

    let takenOverAt = 0;
    const finished: Array<{ job: Job; outcome: JobOutcome }> = [];
    rescuer = new JobWorker({
      queue, log: silentLog, workerId: 'rescuer', leaseMs: 5_000, pollMs: 25, maxPollMs: 50,
      handlers: {
        'enrich.step': unexpectedJob,
    'archive.restore': unexpectedJob,
    'archive.move': unexpectedJob,
    'archive.policies': unexpectedJob,
    'delivery.render': null,
        'media.ingest': async (payload, ctx) => {
          takenOverAt = Date.now();
          expect(payload).toEqual({ assetId: 'asset-kill9' });
          ctx.progress(100, 'done');
        },
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
