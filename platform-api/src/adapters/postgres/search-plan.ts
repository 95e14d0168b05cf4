import type { MomentKind } from '@cutaway/shared';
import type { IndexResult } from '../../ports/search-index';
import type { QueryTerm } from '../../rules/search-query';
import { lexemeOf, segmentQuery, type PrefixExpander } from './search-lexemes';
import type { Db } from './search-sql';
import type { Page } from './search-hits';

/** Planner thresholds: SQLite's (sqlite/search-plan.ts) plus stage 1's first group. */
export interface PgPlannerOptions {
  /** Fewer segment hits than this: rank every hit exactly. Counting stops here (LIMIT). */
  exactCap: number;
  /** A term in at least this share of sampled segments is stop-word-like ("the": 56%). */
  recentDensity: number;
  /** The density sample reads the segments of this many newest assets (one primary-key range). */
  sampleAssets: number;
  /** Below this many sampled segments the density is not trusted and nothing is treated as stop-word-like. */
  minSample: number;
  /** Bands of 64 assets stage 1 ranks first (search-stage1.ts); later groups double. */
  stage1Bands: number;
  /** Two-stage verification first reads which assets hold a hit when there are at most this many (search-hits.ts hitAssets); 0: never. */
  verifySetMax: number;
  /** Phrases are drawn from the pair index (migration 240); false: from their words' postings, as before it (the bench's baseline). */
  pairs: boolean;
}

export const DEFAULT_PG_PLANNER: PgPlannerOptions = { exactCap: 2000, recentDensity: 0.25, sampleAssets: 16, minSample: 400, stage1Bands: 16, verifySetMax: 8000, pairs: true };

export interface PlanDecision {
  plan: IndexResult['plan'];
  /** Indexes of the terms stage 1 ranks assets by (two-stage only). */
  stage1: number[];
  /** max(seq) when the planner read it (saves stage 1 a round trip). */
  maxSeq?: number | null;
  /** The first page, when the exact attempt produced it. */
  page?: Page;
}

/**
 * GIN only answers with a bitmap, built in full before LIMIT applies: counting the first 2,000
 * hits of a 10% word still decodes all of its postings (27 ms at 200k segments). So the
 * planner's own estimate (ANALYZE's most-common-lexeme statistics, ~0.3 ms) screens first:
 * clearly broad queries skip the count. The estimate decides only that; an estimate that is
 * low or missing (no statistics yet) falls through to the real, capped count, which is the
 * exact page itself (search-paths.ts).
 */
const ESTIMATE = 'EXPLAIN (FORMAT JSON) SELECT 1 FROM search_segments WHERE tsv @@ $1::tsquery';
const PAIRS_SELECTIVE = { 'QUERY PLAN': [{ Plan: { 'Plan Rows': 0 } }] };
const ESTIMATE_MARGIN = 2;
/**
 * Density of each term on the newest assets' segments: read through the primary key
 * (asset_seq leads it) and tested row by row in a materialized CTE, so no GIN scan runs:
 * bounded at SAMPLE_MAX rows whatever the catalog size. Also returns max(seq) for stage 1.
 */
const SAMPLE = `
  WITH first AS (SELECT coalesce(min(seq), 0) AS seq FROM (SELECT seq FROM search_assets ORDER BY seq DESC LIMIT $1) t),
  s AS MATERIALIZED (SELECT tsv FROM search_segments WHERE asset_seq >= (SELECT seq FROM first) LIMIT $2)
  SELECT (SELECT count(*)::int FROM s) AS n, (SELECT max(seq) FROM search_assets) AS "maxSeq",
    ARRAY(SELECT (SELECT count(*)::int FROM s WHERE s.tsv @@ q.q) FROM unnest($3::tsquery[]) WITH ORDINALITY AS q (q, i) ORDER BY q.i) AS hits`;
const SAMPLE_MAX = 50_000;

/**
 * Picks the path for a first page (later pages reuse the cursor's plan), as SQLite does:
 * - exact when the segment hits are few (docs/search.md "Cost follows the number of hits"), the
 *   only path that keeps AND/phrase precise;
 * - recent when every term is stop-word-like: ranking them is the 2 s case of docs/search.md;
 * - two_stage otherwise, stage 1 ranking by the informative terms only (stop-word-like ones
 *   are still required, by stage 2, inside each asset).
 */
export async function choosePlan(
  db: Db, terms: readonly QueryTerm[], kinds: MomentKind[] | null, opts: PgPlannerOptions, expand: PrefixExpander,
  tryExact: (cap: number) => Promise<Page | null>, pairs: string | null = null,
): Promise<PlanDecision> {
  const all = terms.map((_, i) => i);
  const query = segmentQuery(terms, kinds);
  // A broad prefix is never exact: counting it is the partial-match bitmap search-lexicon.ts avoids.
  const broadPrefix = terms.some((t) => t.kind === 'prefix' && expand(lexemeOf(t.words[0] ?? '')) !== null);
  // A phrase is always tried exactly: its GIN bitmap is its pairs' postings, and the attempt reads at most `exactCap` rows.
  const plan = broadPrefix ? null : pairs !== null ? PAIRS_SELECTIVE
    : (await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(ESTIMATE, [query])).rows[0];
  if (plan && (plan['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0) < ESTIMATE_MARGIN * opts.exactCap) {
    const page = await tryExact(opts.exactCap);
    if (page) return { plan: 'exact', stage1: all, page };
  }

  const perTerm = terms.map((t) => segmentQuery([t], kinds));
  const sample = (await db.query<{ n: number; hits: number[]; maxSeq: number | null }>(SAMPLE, [opts.sampleAssets, SAMPLE_MAX, perTerm])).rows[0];
  const sampled = sample?.n ?? 0;
  const maxSeq = sample?.maxSeq ?? null;
  if (sampled < Math.max(opts.minSample, 1)) return { plan: 'two_stage', stage1: all, maxSeq };
  const dense = all.map((i) => (sample?.hits[i] ?? 0) >= opts.recentDensity * sampled);
  if (dense.every(Boolean)) return { plan: 'recent', stage1: [] };
  return { plan: 'two_stage', stage1: all.filter((i) => !dense[i]), maxSeq };
}
