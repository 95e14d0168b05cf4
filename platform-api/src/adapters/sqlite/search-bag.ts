import { foldWord, porterStem, wordsOf } from '../../services/search-query';

/**
 * One kind's text for the asset-level index, as a bag of words: each stem written
 * 1 + floor(log2(count)) times (1 → 1, 2–3 → 2, 4–7 → 3, …), as the form first seen.
 *
 * Why: stage 1 ranks every matching asset with bm25, which reads the term's positions in
 * the row. With whole transcripts concatenated a ~10% word has ~140 positions per asset,
 * so stage 1 read as many positions as the naive segment ranking. Log-scaled counts keep
 * "mentioned often ranks higher" (bm25 saturates counts anyway) at a few positions per
 * asset, and shrink the index. Word order is lost, so phrases are checked in stage 2.
 */
export function bagOfWords(texts: readonly string[]): string {
  const counts = new Map<string, { form: string; n: number }>();
  for (const text of texts) {
    for (const word of wordsOf(text)) {
      const stem = porterStem(foldWord(word));
      const entry = counts.get(stem);
      if (entry) entry.n++;
      else counts.set(stem, { form: word, n: 1 });
    }
  }
  const out: string[] = [];
  for (const { form, n } of counts.values()) for (let i = 1 + Math.floor(Math.log2(n)); i > 0; i--) out.push(form);
  return out.join(' ');
}
