/**
 * Spelling rules both database engines share (issue 14 "misspelled names within one edit are found").
 * Candidates come from a symmetric-delete index: every known word is stored under itself and each of its
 * one-letter deletions, and a query word looks up the same keys. Two words within one edit (insertion,
 * deletion, substitution or an adjacent transposition) always share a key, so recall is exact at distance
 * one, and each lookup is one indexed `IN` over at most 33 keys (W. Garbe, "SymSpell", 2012; the
 * distance is optimal string alignment, Damerau 1964). Pure functions, no I/O.
 */

/** Shorter words are too easily one edit from another word ("fire" → "hire") to be corrected. */
export const MIN_CORRECTABLE = 5;
/** Longer tokens are not words a person types (ids, hashes). */
export const MAX_WORD = 32;

/** Lower-case words of a text, diacritics folded, digits and apostrophes kept inside words. */
export function spellingWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)) {
    const w = m[0].replace(/'.*$/, '');
    if (w.length >= 3 && w.length <= MAX_WORD && /\p{L}/u.test(w)) out.push(w);
  }
  return out;
}

/** The lookup keys of a word: itself and each one-letter deletion. */
export function deletionKeys(word: string): string[] {
  const keys = new Set([word]);
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) keys.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  return [...keys];
}

/** Optimal string alignment distance, stopped early past `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max = 1): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: t.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return Math.min(rows[s.length]![t.length]!, max + 1);
}

/**
 * The correction for a typed word, or null: the most frequent known word exactly one edit away, when
 * the typed word itself is not known and is long enough to correct safely.
 */
export function pickCorrection(typed: string, known: ReadonlyArray<{ word: string; count: number }>): string | null {
  if ([...typed].length < MIN_CORRECTABLE || known.some((k) => k.word === typed)) return null;
  let best: { word: string; count: number } | null = null;
  for (const k of known) {
    if (editDistance(typed, k.word) !== 1) continue;
    if (!best || k.count > best.count || (k.count === best.count && k.word < best.word)) best = k;
  }
  return best?.word ?? null;
}
