import type { QueryTerm } from '../../services/search-query';
import { ASSET_BM25, FIELD_BM25, SEQ_SPAN, allOf, kindMatch, stmt } from './search-fts';
import { RANK_SPAN, rankScore, rankSeq } from './search-asset-terms';
import { batched, buildHit, walk, type Candidate, type Page, type SearchContext } from './search-hits';

/**
 * A field match adds this on top of its bm25 (fields weighted 10/4/6/3), so an asset whose
 * own fields hold the query outranks one that only mentions it in a segment, even in a
 * small catalog where bm25's idf is near zero.
 */
const FIELD_BONUS = 10;
/** Several matching segments help a little; the best one counts most. */
const MENTIONS_WEIGHT = 0.5;

/**
 * Exact segment grouping: score every hit, keep the best per asset, add asset-field matches.
 * Only for selective queries (the planner's bounded count), where it is cheap and the only
 * path that keeps AND and phrase semantics at segment level.
 */
export function exactPage(ctx: SearchContext, offset: number): Page {
  const { db, filter } = ctx;
  // bm25 cannot run inside an aggregate: score every hit in a materialized CTE, then group.
  const segments = stmt(db, `
    WITH hit AS MATERIALIZED (
      SELECT rowid / ${SEQ_SPAN} AS seq, -bm25(search_segment_fts) AS score FROM search_segment_fts WHERE search_segment_fts MATCH ?
    ), h AS (SELECT seq, max(score) AS best, count(*) AS n FROM hit GROUP BY seq)
    SELECT h.seq AS seq, h.best AS best, h.n AS n FROM h CROSS JOIN search_assets a ON a.seq = h.seq
    WHERE 1${filter.sql}`).all(ctx.segmentMatch, ...filter.params) as Array<{ seq: number; best: number; n: number }>;
  const fields = ctx.segmentsOnly
    ? []
    : (stmt(db, `
        SELECT a.seq AS seq, -${FIELD_BM25} AS score
        FROM search_field_fts CROSS JOIN search_assets a ON a.seq = search_field_fts.rowid
        WHERE search_field_fts MATCH ?${filter.sql}`).all(allOf(ctx.ast.terms), ...filter.params) as Array<{ seq: number; score: number }>);

  const scores = new Map<number, number>();
  for (const s of segments) scores.set(s.seq, s.best + MENTIONS_WEIGHT * Math.log(s.n));
  for (const f of fields) scores.set(f.seq, (scores.get(f.seq) ?? 0) + FIELD_BONUS + f.score);
  const ranked = [...scores].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const page = ranked.slice(offset, offset + ctx.limit);
  const hits = page.flatMap(([seq, score]) => buildHit(ctx, seq, score, false) ?? []);
  return { hits, next: offset + ctx.limit < ranked.length ? offset + ctx.limit : null };
}

/**
 * Two stages (search.md "Two stages"): stage 1 orders assets on an asset-level index, with
 * filters joined first so only passing assets count; stage 2 picks each asset's best segments
 * inside its rowid range. One-term stage 1 reads the impact-ordered rows; several terms are
 * ranked with bm25 on the bag-of-words rows and verified in stage 2, because an asset-level
 * row cannot tell whether the words share a segment.
 */
export function twoStagePage(ctx: SearchContext, stage1: readonly QueryTerm[], offset: number): Page {
  const single = ctx.ast.terms.length === 1 && ctx.ast.terms[0]?.kind !== 'phrase';
  const [only] = stage1;
  const candidates = stage1.length === 1 && only && only.kind !== 'phrase' ? byImpact(ctx, only, offset) : byBm25(ctx, stage1, offset);
  return walk(ctx, candidates, !single, offset);
}

function byBm25(ctx: SearchContext, stage1: readonly QueryTerm[], offset: number): Generator<Candidate> {
  const { db, filter } = ctx;
  const join = filter.sql ? 'CROSS JOIN search_assets a ON a.seq = search_asset_fts.rowid' : '';
  const sql = `
    SELECT search_asset_fts.rowid AS seq, -${ASSET_BM25} AS score FROM search_asset_fts ${join}
    WHERE search_asset_fts MATCH ?${filter.sql}
    ORDER BY score DESC, seq LIMIT ? OFFSET ?`;
  // Bag-of-words rows (search-asset-terms.ts): a phrase is ranked as its words, and checked in stage 2.
  const words = stage1.flatMap((t): QueryTerm[] => (t.kind === 'phrase' ? t.words.map((w) => ({ kind: 'word', text: w, words: [w] })) : [t]));
  const match = kindMatch(words, ctx.kinds);
  return batched((off, n) => stmt(db, sql).all(match, ...filter.params, n, off) as Candidate[], offset, ctx.limit * 2 + 1);
}

/**
 * Impact order: rows in descending rowid are assets best first, no scoring at all. A prefix can
 * match one asset at several levels, so assets are counted once, at their first (best) row;
 * a later page walks again from the top (cost grows with page depth, not with matches).
 */
function* byImpact(ctx: SearchContext, term: QueryTerm, offset: number): Generator<Candidate> {
  const { db, filter } = ctx;
  const join = filter.sql ? `CROSS JOIN search_assets a ON a.seq = search_rank_fts.rowid % ${RANK_SPAN}` : '';
  const sql = `
    SELECT search_rank_fts.rowid AS r FROM search_rank_fts ${join}
    WHERE search_rank_fts MATCH ?${filter.sql} ORDER BY search_rank_fts.rowid DESC LIMIT ? OFFSET ?`;
  const match = kindMatch([term], ctx.kinds);
  const rows = batched((off, n) => (stmt(db, sql).all(match, ...filter.params, n, off) as Array<{ r: number }>).map(({ r }) => ({ seq: r, score: null })), 0, ctx.limit * 4 + 1);
  const seen = new Set<number>();
  for (const { seq: r } of rows) {
    const seq = rankSeq(r);
    if (seen.has(seq)) continue;
    seen.add(seq);
    if (seen.size > offset) yield { seq, score: rankScore(r) };
  }
}

/**
 * Stop-word-like queries: newest assets first, each checked in its own rowid range, so the
 * cost follows the page size and not the millions of hits (search.md: "the" took 2.1 s ranked).
 */
export function recentPage(ctx: SearchContext, offset: number): Page {
  const { db, filter } = ctx;
  const sql = `
    SELECT a.seq AS seq, NULL AS score FROM search_assets a
    WHERE 1${filter.sql} ORDER BY a.created_ms DESC, a.seq DESC LIMIT ? OFFSET ?`;
  return walk(ctx, batched((off, n) => stmt(db, sql).all(...filter.params, n, off) as Candidate[], offset, ctx.limit * 2 + 1), true, offset);
}
