import { describe } from 'vitest';
import { PgVectorIndex } from '../../src/adapters/postgres/vector-index';
import { pgVectorMigrations } from '../../src/adapters/postgres/vector.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runVectorIndexContract } from './vector-index.contract';

describe.skipIf(!PG_URL)(`postgres${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runVectorIndexContract('postgres schema', async (dims) => {
    const pg = await tempPgSchema(pgVectorMigrations);
    return { index: new PgVectorIndex(pg.pool, { model: 'test/model', dimensions: dims }), close: pg.drop };
  });

  // The same contract with a change log of one entry, so nearly every read past the first falls
  // behind the log and takes the full-reload path instead of the per-asset one.
  runVectorIndexContract('postgres schema, change log of one', async (dims) => {
    const pg = await tempPgSchema(pgVectorMigrations);
    return { index: new PgVectorIndex(pg.pool, { model: 'test/model', dimensions: dims, changeLogKeep: 1 }), close: pg.drop };
  });
});
