import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAgentStore } from '../../src/adapters/sqlite/agent-store';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { runAgentStoreContract } from './agent-store.contract';

runAgentStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-agent-store-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return {
    store: new SqliteAgentStore(db),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
