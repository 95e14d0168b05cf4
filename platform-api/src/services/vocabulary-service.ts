import { AppError, type VocabularyEntry, type VocabularyEntryCreate } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../ports/clock';
import type { VocabularyStore } from '../ports/vocabulary-store';

export interface QueryVariant {
  q: string;
  /** The query term that was swapped, and what for; null for the query as typed. */
  alias: { term: string; alias: string } | null;
}

/** At most this many rewritten queries per search: each costs one index query. */
const MAX_VARIANTS = 4;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Managed alias groups, applied at query time so old footage is found under today's names. */
export class VocabularyService {
  constructor(private readonly deps: { store: VocabularyStore; clock: Clock; ids: IdGenerator }) {}

  list(): Promise<VocabularyEntry[]> {
    return this.deps.store.list();
  }

  async create(input: VocabularyEntryCreate): Promise<VocabularyEntry> {
    const now = this.deps.clock.now().toISOString();
    const entry: VocabularyEntry = { ...input, terms: dedupe(input.terms), id: this.deps.ids.newId(), createdAt: now, updatedAt: now };
    await this.deps.store.create(entry);
    return entry;
  }

  async replace(id: string, input: VocabularyEntryCreate): Promise<VocabularyEntry> {
    const existing = await this.deps.store.get(id);
    if (!existing) throw new AppError('vocabulary.not_found', `No vocabulary entry ${id}`, { id });
    const entry: VocabularyEntry = { ...existing, ...input, terms: dedupe(input.terms), updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.replace(entry);
    return entry;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.deps.store.delete(id))) throw new AppError('vocabulary.not_found', `No vocabulary entry ${id}`, { id });
  }

  /**
   * The query as typed plus one rewrite per alias of each term it contains (whole words,
   * case-insensitive). Multi-word names are quoted so they match as phrases.
   */
  async variants(q: string): Promise<QueryVariant[]> {
    const out: QueryVariant[] = [{ q, alias: null }];
    for (const entry of await this.deps.store.list()) {
      for (const term of entry.terms) {
        const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])"?${escapeRegExp(term)}"?(?=$|[^\\p{L}\\p{N}])`, 'iu');
        if (!pattern.test(q)) continue;
        for (const alias of entry.terms) {
          if (alias === term || out.length >= MAX_VARIANTS) continue;
          const replacement = alias.includes(' ') ? `"${alias}"` : alias;
          out.push({ q: q.replace(pattern, (_m, pre: string) => `${pre}${replacement}`), alias: { term, alias } });
        }
      }
    }
    return out;
  }
}

function dedupe(terms: string[]): string[] {
  const seen = new Set<string>();
  return terms.filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
}
