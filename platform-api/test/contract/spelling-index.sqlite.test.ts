import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteSpellingIndex } from '../../src/adapters/sqlite/spelling-index';
import { runSpellingIndexContract } from './spelling-index.contract';

runSpellingIndexContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-spelling-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { index: new SqliteSpellingIndex(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
