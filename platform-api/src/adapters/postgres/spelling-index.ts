import type { SpellingIndex } from '../../ports/spelling-index';
import { deletionKeys } from '../../rules/spelling';
import type { PgPool } from './database';

/** The spelling lexicon in PostgreSQL (spelling.migrations.ts): one round trip per write and per lookup. */
export class PgSpellingIndex implements SpellingIndex {
  constructor(private readonly pool: PgPool) {}

  async add(words: readonly string[]): Promise<void> {
    if (words.length === 0) return;
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ws = [...counts.keys()].sort(); // one lock order for concurrent writers
    const keys = ws.flatMap((w) => deletionKeys(w).map((k) => [k, w] as const));
    // Keys first (idempotent), then the counts: a word is never counted without its keys.
    await this.pool.query(
      `WITH k AS (INSERT INTO spelling_keys (key, word) SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2 ON CONFLICT DO NOTHING)
       INSERT INTO spelling_words (word, count) SELECT * FROM unnest($3::text[], $4::bigint[])
       ON CONFLICT (word) DO UPDATE SET count = spelling_words.count + EXCLUDED.count`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), ws, ws.map((w) => counts.get(w)!)],
    );
  }

  async lookup(keys: readonly string[]): Promise<Array<{ word: string; count: number }>> {
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<{ word: string; count: string }>(
      'SELECT DISTINCT w.word, w.count FROM spelling_keys k JOIN spelling_words w ON w.word = k.word WHERE k.key = ANY($1::text[])',
      [keys],
    );
    return rows.map((r) => ({ word: r.word, count: Number(r.count) }));
  }
}
