import type { Migration } from './database';

/**
 * Spelling lexicon (search range, ids 210–229): known words with counts, and each word under its
 * symmetric-delete keys (src/rules/spelling.ts). WITHOUT ROWID keeps the key index the table itself.
 */
export const spellingMigrations: readonly Migration[] = [
  {
    id: 210,
    name: 'spelling_lexicon',
    up: `
      CREATE TABLE spelling_words (word TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE spelling_keys (key TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (key, word)) WITHOUT ROWID;
    `,
  },
];
