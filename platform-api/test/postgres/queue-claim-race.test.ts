import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';
import { pgQueueMigrations } from '../../src/adapters/postgres/queue.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { exited, spawnScript, waitForLine } from '../queue/child';

const PROCESSES = 4;
const JOBS = 400;

describe.skipIf(!PG_URL)(`claiming from several processes sharing one PostgreSQL schema${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>> | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await db?.drop();
  });

  it('hands every job to exactly one process', { timeout: 45_000 }, async () => {
    db = await tempPgSchema(pgQueueMigrations);
    const queue = new PgJobQueue(db.pool);
    const ids = new Set<string>();
    for (let i = 0; i < JOBS; i++) {
      // A handful of priorities, so racers contend over the head of an ordered queue, not one flat list.
      const job = await queue.enqueue('media.ingest', { assetId: `asset-${String(i).padStart(4, '0')}` }, { priority: i % 5 });
      ids.add(job.id);
    }
    // A common start time, so the processes contend instead of running one after another.
    const startAt = String(Date.now() + 3_000);
    const runs = Array.from({ length: PROCESSES }, (_, i) => {
      const child = spawnScript('../postgres/queue-claim-race.child.ts', [db!.url, db!.schema, `racer-${i}`, startAt]);
      children.push(child);
      return waitForLine(child, /^claimed (.*)$/, 35_000).then((m) => JSON.parse(m[1]!) as string[]);
    });
    const perProcess = await Promise.all(runs);
    const all = perProcess.flat();
    expect(all).toHaveLength(JOBS); // no job claimed twice...
    expect(new Set(all)).toEqual(ids); // ...and none missed
    const done = await queue.list({ status: 'done', limit: 500 });
    expect(done).toHaveLength(JOBS);
    expect(done.every((j) => j.attempts === 1)).toBe(true);
  });
});
