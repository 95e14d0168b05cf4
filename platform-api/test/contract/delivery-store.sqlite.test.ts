import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteDeliveryStore } from '../../src/adapters/sqlite/delivery-store';
import { runDeliveryStoreContract } from './delivery-store.contract';

runDeliveryStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-delivery-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { store: new SqliteDeliveryStore(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
