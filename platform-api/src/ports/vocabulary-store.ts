import type { VocabularyEntry } from '@cutaway/shared';

/** Alias groups applied to queries at search time. */
export interface VocabularyStore {
  create(entry: VocabularyEntry): Promise<void>;
  get(id: string): Promise<VocabularyEntry | null>;
  list(): Promise<VocabularyEntry[]>;
  replace(entry: VocabularyEntry): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}
