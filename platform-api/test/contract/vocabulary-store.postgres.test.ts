import { describe } from 'vitest';
import { PgVocabularyStore } from '../../src/adapters/postgres/vocabulary-store';
import { pgVocabularyMigrations } from '../../src/adapters/postgres/vocabulary.migrations';
import { PG_URL, tempPgSchema } from '../pg';
import { runVocabularyStoreContract } from './vocabulary-store.contract';

describe.skipIf(!PG_URL)('postgres', () => {
  runVocabularyStoreContract('postgres schema', async () => {
    const pg = await tempPgSchema(pgVocabularyMigrations);
    return { store: new PgVocabularyStore(pg.pool), close: pg.drop };
  });
});
