import { describe } from 'vitest';
import { pgLiveMigrations } from '../../src/adapters/postgres/live.migrations';
import { PgLiveStore } from '../../src/adapters/postgres/live-store';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runLiveStoreContract } from './live-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL live store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runLiveStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgLiveMigrations);
    return { store: new PgLiveStore(pg.pool), close: pg.drop };
  });
});
