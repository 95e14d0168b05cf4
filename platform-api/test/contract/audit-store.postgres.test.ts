import { describe } from 'vitest';
import { PgAuditStore } from '../../src/adapters/postgres/audit-store';
import { pgAuditMigrations } from '../../src/adapters/postgres/audit.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runAuditStoreContract } from './audit-store.contract';

// The same contract the SQLite adapter passes, unchanged; each test gets a fresh schema, dropped after.
describe.skipIf(!PG_URL)(`PostgreSQL audit store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runAuditStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgAuditMigrations);
    return { store: new PgAuditStore(pg.pool), close: pg.drop };
  });
});
