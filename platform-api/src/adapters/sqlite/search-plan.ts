import type { MomentKind } from '@cutaway/shared';
import type { QueryTerm } from '../../rules/search-query';
import type { SqliteDb } from './database';
import type { Plan } from '../../rules/search-terms';
import { INT, SEQ_SPAN, indexedPrefixes, kindMatch, longPrefixes, stmt } from './search-fts';

/** Planner thresholds; defaults suit the 2M-segment bench (docs/search.md "A small planner works"). */
export interface PlannerOptions {
  /** Fewer segment hits than this: rank every hit exactly. Counting stops here, so the estimate costs at most this many rowids. */
  exactCap: number;
  /** A term in at least this share of sampled segments is stop-word-like ("the": 56%). */
  recentDensity: number;
  /** The density sample reads the segments of this many newest assets (a contiguous rowid range). */
  sampleAssets: number;
  /** Below this many sampled segments the density is not trusted and nothing is treated as stop-word-like. */
  minSample: number;
}

export const DEFAULT_PLANNER: PlannerOptions = { exactCap: 1000, recentDensity: 0.25, sampleAssets: 16, minSample: 400 };

export interface PlanDecision {
  plan: Plan;
  /** Two-stage only: indexes of the informative terms, rarest first; stage 1 pivots on the first. */
  stage1: number[];
}

const COUNT_HITS = `SELECT count(*) FROM (SELECT 1 FROM search_segment_fts WHERE search_segment_fts MATCH ? AND rowid >= ${INT} LIMIT ?)`;
const COUNT_SEGMENTS = 'SELECT count(*) FROM (SELECT 1 FROM search_segments WHERE id >= ? LIMIT ?)';
const SAMPLE_START = 'SELECT min(seq) FROM (SELECT seq FROM search_assets ORDER BY seq DESC LIMIT ?)';
const SAMPLE_MAX = 50_000;

/**
 * Picks the path for a first page (later pages reuse the cursor's plan):
 * - exact when the segment hits are few: cost follows the number of hits (docs/search.md
 *   "Cost follows the number of hits"), and only exact grouping keeps AND/phrase precise;
 * - recent when every term is stop-word-like: ranking 56% of segments took 2.1 s, so
 *   such queries are bounded by walking assets newest first instead;
 * - two_stage otherwise, pivoting on the rarest informative term; stop-word-like terms are
 *   still required, by stage 2, inside each asset.
 * Counts read long prefixes through the prefix index (a superset: cheap and safe for a bound).
 */
export function choosePlan(db: SqliteDb, terms: readonly QueryTerm[], kinds: MomentKind[] | null, opts: PlannerOptions): PlanDecision {
  const all = terms.map((_, i) => i);
  const hits = (match: string, from: number, cap: number): number => stmt(db, COUNT_HITS).pluck().get(match, from, cap) as number;
  const indexed = indexedPrefixes(terms);
  if (hits(kindMatch(indexed, kinds), 0, opts.exactCap) < opts.exactCap) return { plan: 'exact', stage1: all };

  // Density on the newest assets' segments: one bounded rowid range, so < 1 ms whatever the catalog size.
  const firstSeq = stmt(db, SAMPLE_START).pluck().get(opts.sampleAssets) as number | null;
  const from = (firstSeq ?? 0) * SEQ_SPAN;
  const sampled = stmt(db, COUNT_SEGMENTS).pluck().get(from, SAMPLE_MAX) as number;
  if (sampled < Math.max(opts.minSample, 1)) return { plan: 'two_stage', stage1: all };
  const counts = indexed.map((t) => hits(kindMatch([t], kinds), from, sampled));
  // A long prefix's count is its indexed parent's: good enough to order by, not to call it a stop word.
  const long = new Set(longPrefixes(terms));
  const dense = counts.map((n, i) => !long.has(i) && n >= opts.recentDensity * sampled);
  if (dense.every(Boolean)) return { plan: 'recent', stage1: [] };
  return { plan: 'two_stage', stage1: all.filter((i) => !dense[i]).sort((a, b) => counts[a]! - counts[b]! || a - b) };
}
