import { describe } from 'vitest';
import { PgAgentStore } from '../../src/adapters/postgres/agent-store';
import { pgAgentMigrations } from '../../src/adapters/postgres/agent.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { runAgentStoreContract } from './agent-store.contract';

describe.skipIf(!PG_URL)(`PostgreSQL agent store${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  runAgentStoreContract('postgres', async () => {
    const pg = await tempPgSchema(pgAgentMigrations);
    return { store: new PgAgentStore(pg.pool), close: pg.drop };
  });
});
