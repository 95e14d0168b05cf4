/**
 * Known words for "did you mean" (issue 14): every word of the asset fields and of the segments people
 * see (speech, on-screen text, tags, markers), with how often it was written, looked up by the
 * symmetric-delete keys of src/rules/spelling.ts so a word within one edit of a typed one is found.
 */
export interface SpellingIndex {
  /** Counts each word (already lower-case, from `spellingWords`) once more; new words get their lookup keys. */
  add(words: readonly string[]): Promise<void>;
  /** Known words sharing a lookup key with `keys` (the typed word and its deletions), with their counts. */
  lookup(keys: readonly string[]): Promise<Array<{ word: string; count: number }>>;
}
