import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteArchiveStore } from '../../src/adapters/sqlite/archive-store';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { runArchiveStoreContract } from './archive-store.contract';

runArchiveStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-archive-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { store: new SqliteArchiveStore(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
