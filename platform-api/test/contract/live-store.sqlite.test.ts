import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { SqliteLiveStore } from '../../src/adapters/sqlite/live-store';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { runLiveStoreContract } from './live-store.contract';

// A real catalog file in a temp dir (WAL, as in production), never :memory:.
runLiveStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-live-store-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    store: new SqliteLiveStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
