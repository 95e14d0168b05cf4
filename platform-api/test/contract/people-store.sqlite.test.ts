import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqlitePeopleStore } from '../../src/adapters/sqlite/people-store';
import { runPeopleStoreContract } from './people-store.contract';

runPeopleStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-people-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { store: new SqlitePeopleStore(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
