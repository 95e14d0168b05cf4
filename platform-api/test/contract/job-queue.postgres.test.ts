import { describe } from 'vitest';
import { PgJobQueue } from '../../src/adapters/postgres/job-queue';
import { pgQueueMigrations } from '../../src/adapters/postgres/queue.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runJobQueueContract } from './job-queue.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL job queue${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runJobQueueContract('postgres', async ({ now }) => {
    const pg = await tempPgSchema(pgQueueMigrations);
    return { queue: new PgJobQueue(pg.pool, { now }), close: pg.drop };
  });
});
