import type { SpellingIndex } from '../../ports/spelling-index';
import { deletionKeys } from '../../rules/spelling';
import type { SqliteDb } from './database';

/** The spelling lexicon in the catalog's SQLite file (spelling.migrations.ts). */
export class SqliteSpellingIndex implements SpellingIndex {
  constructor(private readonly db: SqliteDb) {}

  async add(words: readonly string[]): Promise<void> {
    if (words.length === 0) return;
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const bump = this.db.prepare('UPDATE spelling_words SET count = count + ? WHERE word = ?');
    const insert = this.db.prepare('INSERT INTO spelling_words (word, count) VALUES (?, ?)');
    const key = this.db.prepare('INSERT OR IGNORE INTO spelling_keys (key, word) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [w, n] of counts) {
        if (bump.run(n, w).changes > 0) continue;
        insert.run(w, n);
        for (const k of deletionKeys(w)) key.run(k, w);
      }
    })();
  }

  async lookup(keys: readonly string[]): Promise<Array<{ word: string; count: number }>> {
    if (keys.length === 0) return [];
    return this.db
      .prepare(`SELECT DISTINCT w.word, w.count FROM spelling_keys k JOIN spelling_words w ON w.word = k.word WHERE k.key IN (${keys.map(() => '?').join(',')})`)
      .all(...keys) as Array<{ word: string; count: number }>;
  }
}
