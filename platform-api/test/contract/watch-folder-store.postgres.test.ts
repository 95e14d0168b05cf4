import { describe } from 'vitest';
import { PgWatchFolderStore } from '../../src/adapters/postgres/watch-folder-store';
import { pgCatalogMigrations } from '../../src/adapters/postgres/catalog.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runWatchFolderStoreContract } from './watch-folder-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL watch folder store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runWatchFolderStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgCatalogMigrations);
    return { store: new PgWatchFolderStore(pg.pool), close: pg.drop };
  });
});
