/**
 * The knobs of hybrid search, calibrated on the relevance benchmark (`npm run bench:relevance`,
 * docs/search.md "Calibration"), not guessed. The semantic minimum score is configuration
 * (CUTAWAY_SEMANTIC_MIN_SCORE) because it belongs to the embedding model in use.
 */
export interface SearchTuning {
  /** Which paths run; the benchmark turns them off one by one to measure each alone. */
  paths: { lexical: boolean; semantic: boolean; phonetic: boolean };
  /** Weight of each path's reciprocal-rank contribution in the fusion. */
  weights: { lexical: number; semantic: number; phonetic: number };
  /** A phonetic match is kept within this share of the query's phones as weighted edit distance. */
  phoneticBound: number;
  /** Assets aligned per "sounds like" query: those sharing the most phone tokens with it. */
  phoneticCandidates: number;
  /**
   * Semantic neighbours from this cosine up help rank assets other paths found too; only those at or
   * above the semantic minimum score (CUTAWAY_SEMANTIC_MIN_SCORE) are shown, or make an asset a hit on
   * their own. Null: the same as the minimum score.
   */
  semanticRankMinScore: number | null;
  /** Words no asset holds are also searched as the known word one edit away. */
  spelling: boolean;
}

export const DEFAULT_TUNING: SearchTuning = {
  paths: { lexical: true, semantic: true, phonetic: true },
  weights: { lexical: 1, semantic: 1, phonetic: 1 },
  // Phonetic-only F1 on the 40-clip benchmark was best at 0.40 (0.088; 0.48: 0.063), but 0.40 loses every name of
  // test/enrich-local/phonetic.test.ts, which the path exists for: kept at 0.48 (docs/search.md "Calibration").
  phoneticBound: 0.48,
  phoneticCandidates: 50,
  semanticRankMinScore: null,
  spelling: true,
};
