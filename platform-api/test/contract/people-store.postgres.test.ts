import { describe } from 'vitest';
import { PgPeopleStore } from '../../src/adapters/postgres/people-store';
import { pgPeopleMigrations } from '../../src/adapters/postgres/people.migrations';
import { PG_URL } from '../pg';
import { tempPgSchema } from '../pg';
import { runPeopleStoreContract } from './people-store.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runPeopleStoreContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgPeopleMigrations);
    return { store: new PgPeopleStore(pg.pool), close: pg.drop };
  });
});
