import type { PgMigration } from './database';

/** Vocabulary alias groups (id 150, in the catalog range). */
export const pgVocabularyMigrations: readonly PgMigration[] = [
  {
    id: 150,
    name: 'vocabulary',
    up: `CREATE TABLE vocabulary (id TEXT PRIMARY KEY, doc JSONB NOT NULL, created_at TEXT NOT NULL)`,
  },
];
