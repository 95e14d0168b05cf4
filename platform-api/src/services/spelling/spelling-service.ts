import type { SpellingIndex } from '../../ports/spelling-index';
import { deletionKeys, pickCorrection, spellingWords } from '../../rules/spelling';
import type { VocabularyService } from '../vocabulary-service';

/**
 * "Did you mean": each typed word that no asset, segment or vocabulary term holds, and that is one edit
 * from a word that does, gets the known word (the most frequent such). Vocabulary terms are read from
 * the vocabulary itself, so a misspelled alias name is corrected too.
 */
export class SpellingService {
  constructor(private readonly deps: { spelling: SpellingIndex; vocabulary?: VocabularyService }) {}

  /** Typed word → correction, for the words that have one. */
  async corrections(q: string): Promise<Map<string, string>> {
    const typed = [...new Set(spellingWords(q))];
    const out = new Map<string, string>();
    if (typed.length === 0) return out;
    const vocab = this.deps.vocabulary ? (await this.deps.vocabulary.list()).flatMap((e) => e.terms.flatMap(spellingWords)).map((word) => ({ word, count: 1 })) : [];
    for (const word of typed) {
      const known = [...(await this.deps.spelling.lookup(deletionKeys(word))), ...vocab];
      const fix = pickCorrection(word, known);
      if (fix) out.set(word, fix);
    }
    return out;
  }
}
