import { describe } from 'vitest';
import { PgTokenStore } from '../../src/adapters/postgres/token-store';
import { pgCatalogMigrations } from '../../src/adapters/postgres/catalog.migrations';
import { pgAgentMigrations } from '../../src/adapters/postgres/agent.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runTokenStoreContract } from './token-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL token store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runTokenStoreContract('postgres', async () => {
    // Token kinds (agent tokens, issue 16) live in migration 800.
    const pg = await tempPgSchema([...pgCatalogMigrations, ...pgAgentMigrations]);
    return { store: new PgTokenStore(pg.pool), close: pg.drop };
  });
});
