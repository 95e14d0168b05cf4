import { describe } from 'vitest';
import { PgRundownStore } from '../../src/adapters/postgres/rundown-store';
import { pgRundownMigrations } from '../../src/adapters/postgres/rundown.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runRundownStoreContract } from './rundown-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL rundown store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runRundownStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgRundownMigrations);
    return { store: new PgRundownStore(pg.pool), close: pg.drop };
  });
});
