import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openSqlite } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteVocabularyStore } from '../../src/adapters/sqlite/vocabulary-store';
import { runVocabularyStoreContract } from './vocabulary-store.contract';

runVocabularyStoreContract('sqlite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutaway-vocab-'));
  const db = openSqlite(join(dir, 'catalog.db'));
  migrate(db, ALL_MIGRATIONS);
  return { store: new SqliteVocabularyStore(db), close: async () => (db.close(), rm(dir, { recursive: true, force: true })) };
});
