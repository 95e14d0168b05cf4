import { VocabularyEntrySchema, type VocabularyEntry } from '@cutaway/shared';
import type { VocabularyStore } from '../../ports/vocabulary-store';
import type { SqliteDb } from './database';

export class SqliteVocabularyStore implements VocabularyStore {
  constructor(private readonly db: SqliteDb) {}

  async create(e: VocabularyEntry): Promise<void> {
    this.db.prepare('INSERT INTO vocabulary (id, doc, created_at) VALUES (?, ?, ?)').run(e.id, JSON.stringify(e), e.createdAt);
  }

  async get(id: string): Promise<VocabularyEntry | null> {
    const doc = this.db.prepare('SELECT doc FROM vocabulary WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? VocabularyEntrySchema.parse(JSON.parse(doc)) : null;
  }

  async list(): Promise<VocabularyEntry[]> {
    return (this.db.prepare('SELECT doc FROM vocabulary ORDER BY created_at').pluck().all() as string[]).map((d) => VocabularyEntrySchema.parse(JSON.parse(d)));
  }

  async replace(e: VocabularyEntry): Promise<boolean> {
    return this.db.prepare('UPDATE vocabulary SET doc = ? WHERE id = ?').run(JSON.stringify(e), e.id).changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM vocabulary WHERE id = ?').run(id).changes > 0;
  }
}
