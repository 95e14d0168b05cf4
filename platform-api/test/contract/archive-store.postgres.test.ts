import { describe } from 'vitest';
import { PgArchiveStore } from '../../src/adapters/postgres/archive-store';
import { pgArchiveMigrations } from '../../src/adapters/postgres/archive.migrations';
import { PG_URL, tempPgSchema } from '../pg';
import { runArchiveStoreContract } from './archive-store.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runArchiveStoreContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgArchiveMigrations);
    return { store: new PgArchiveStore(pg.pool), close: pg.drop };
  });
});
