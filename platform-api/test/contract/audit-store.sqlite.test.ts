import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAuditStore } from '../../src/adapters/sqlite/audit-store';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { runAuditStoreContract } from './audit-store.contract';

// A real catalog file in a temp dir (WAL, as in production), never :memory:.
runAuditStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-audit-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    store: new SqliteAuditStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
