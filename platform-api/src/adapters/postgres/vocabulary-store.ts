import { VocabularyEntrySchema, type VocabularyEntry } from '@cutaway/shared';
import type { VocabularyStore } from '../../ports/vocabulary-store';
import type { PgPool } from './database';

export class PgVocabularyStore implements VocabularyStore {
  constructor(private readonly pool: PgPool) {}

  async create(e: VocabularyEntry): Promise<void> {
    await this.pool.query('INSERT INTO vocabulary (id, doc, created_at) VALUES ($1, $2, $3)', [e.id, JSON.stringify(e), e.createdAt]);
  }

  async get(id: string): Promise<VocabularyEntry | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM vocabulary WHERE id = $1', [id]);
    return rows[0] ? VocabularyEntrySchema.parse(rows[0].doc) : null;
  }

  async list(): Promise<VocabularyEntry[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM vocabulary ORDER BY created_at, id');
    return rows.map((r) => VocabularyEntrySchema.parse(r.doc));
  }

  async replace(e: VocabularyEntry): Promise<boolean> {
    return ((await this.pool.query('UPDATE vocabulary SET doc = $2 WHERE id = $1', [e.id, JSON.stringify(e)])).rowCount ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM vocabulary WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }
}
