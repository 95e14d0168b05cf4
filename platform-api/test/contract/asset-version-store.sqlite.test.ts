import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAssetStore } from '../../src/adapters/sqlite/asset-store';
import { SqliteAssetVersionStore } from '../../src/adapters/sqlite/asset-version-store';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { runAssetVersionStoreContract } from './asset-version-store.contract';

runAssetVersionStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-versions-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    assets: new SqliteAssetStore(db),
    versions: new SqliteAssetVersionStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
