import { describe } from 'vitest';
import { PgSpellingIndex } from '../../src/adapters/postgres/spelling-index';
import { pgSpellingMigrations } from '../../src/adapters/postgres/spelling.migrations';
import { PG_URL, tempPgSchema } from '../pg';
import { runSpellingIndexContract } from './spelling-index.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runSpellingIndexContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgSpellingMigrations);
    return { index: new PgSpellingIndex(pg.pool), close: pg.drop };
  });
});
