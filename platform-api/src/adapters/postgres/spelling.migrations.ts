import type { PgMigration } from './database';

/** Spelling lexicon (search range, ids 210–229); the same layout as the SQLite side (sqlite/spelling.migrations.ts). */
export const pgSpellingMigrations: readonly PgMigration[] = [
  {
    id: 210,
    name: 'spelling_lexicon',
    up: `
      CREATE TABLE spelling_words (word TEXT PRIMARY KEY, count BIGINT NOT NULL);
      CREATE TABLE spelling_keys (key TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (key, word));
    `,
  },
];
