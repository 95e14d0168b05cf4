import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteWatchFolderStore } from '../../src/adapters/sqlite/watch-folder-store';
import { runWatchFolderStoreContract } from './watch-folder-store.contract';

// A real catalog file in a temp dir (WAL, as in production), never :memory:.
runWatchFolderStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-watch-folder-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    store: new SqliteWatchFolderStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
