/**
 * The victim of queue-kill9.test.ts: a real worker process on the shared PostgreSQL schema whose
 * handler never finishes. Prints `started <jobId>` once the handler runs, then waits to be killed.
 * Usage: node --import tsx queue-kill9.child.ts <databaseUrl> <schema> <leaseMs>
 */
import { pino } from 'pino';
import { openPostgres } from '../../src/adapters/postgres/database';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';
import { JobWorker } from '../../src/jobs/worker';

const [url, schema, leaseMs] = process.argv.slice(2);
if (!url || !schema || !leaseMs) throw new Error('usage: queue-kill9.child.ts <url> <schema> <leaseMs>');
// Dead man's switch: never outlive a test that crashed before killing us.
setTimeout(() => process.exit(3), 30_000);

const worker = new JobWorker({
  queue: new PgJobQueue(openPostgres(url, { schema, max: 2 })),
  log: pino({ level: 'silent' }),
  workerId: `victim-${process.pid}`,
  leaseMs: Number(leaseMs),
  pollMs: 20,
  handlers: {
    'media.ingest': async (_payload, ctx) => {
      ctx.progress(10, 'proxy');
      process.stdout.write(`started ${ctx.job.id}\n`);
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)); // the "long" part
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
});
worker.start();
