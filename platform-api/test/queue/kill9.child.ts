/**
 * The victim of kill9.test.ts: a real worker process on the shared queue file whose
 * handler never finishes. Prints `started <jobId>` once the handler runs, then waits to be killed.
 * Usage: node --import tsx kill9.child.ts <dbPath> <leaseMs>
 */
import { pino } from 'pino';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue } from '../../src/adapters/sqlite/job-queue';
import { queueMigrations } from '../../src/adapters/sqlite/queue.migrations';
import { JobWorker } from '../../src/jobs/worker';
import { unexpectedJob } from './harness';

const [path, leaseMs] = process.argv.slice(2);
if (!path || !leaseMs) throw new Error('usage: kill9.child.ts <dbPath> <leaseMs>');
// Dead man's switch: never outlive a test that crashed before killing us.
setTimeout(() => process.exit(3), 30_000);

const db = openSqlite(path);
migrate(db, queueMigrations);
const worker = new JobWorker({
  queue: new SqliteJobQueue(db),
  log: pino({ level: 'silent' }),
  workerId: `victim-${process.pid}`,
  leaseMs: Number(leaseMs),
  pollMs: 20,
  handlers: {
    'enrich.step': unexpectedJob,
    'archive.restore': unexpectedJob,
    'archive.move': unexpectedJob,
    'archive.policies': unexpectedJob,
    'delivery.render': null,
    'media.ingest': async (_payload, ctx) => {
      ctx.progress(10, 'proxy');
      process.stdout.write(`started ${ctx.job.id}\n`);
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)); // the "long" part
    },
  },
});
worker.start();
