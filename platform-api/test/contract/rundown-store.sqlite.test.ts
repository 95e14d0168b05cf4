import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteRundownStore } from '../../src/adapters/sqlite/rundown-store';
import { runRundownStoreContract } from './rundown-store.contract';

// A real catalog file in a temp dir (WAL, as in production), never :memory:.
runRundownStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-rundowns-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    store: new SqliteRundownStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
