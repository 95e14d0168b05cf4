import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteReviewStore } from '../../src/adapters/sqlite/review-store';
import { runReviewStoreContract } from './review-store.contract';

runReviewStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-review-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { store: new SqliteReviewStore(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
