import type { QueryTerm } from '../../rules/search-query';
import { FIELD_BM25, SEQ_SPAN, allOf, kindMatch, stmt } from './search-fts';
import { RANK_SPAN, rankScore, rankSeq } from './search-asset-terms';
import { batched, buildHit, scoreSegments, toMoments, walk, type Candidate, type Page, type SearchContext, type SegmentHit } from './search-hits';

/**
 * A field match adds this on top of its bm25 (fields weighted 10/4/6/3), so an asset whose
 * own fields hold the query outranks one that only mentions it in segments (scored 0–2.2 per
 * term), even in a small catalog where bm25's idf is near zero.
 */
const FIELD_BONUS = 10;
/** Several matching segments help a little; the best one counts most. */
const MENTIONS_WEIGHT = 0.5;

/** Bounds the exact path if a pinned cursor meets a catalog that grew since the first page. */
const EXACT_MAX_HITS = 20_000;

/**
 * Exact segment grouping: every hit scored, the best per asset, plus asset-field matches.
 * Only for selective queries (the planner's bounded count), where it is cheap and the only
 * path that keeps AND and phrase semantics at segment level. The hits read here are the
 * page's moments too, so no stage 2.
 */
export function exactPage(ctx: SearchContext, offset: number): Page {
  const { db, filter } = ctx;
  const rows = stmt(db, `
    SELECT m.id AS id, s.kind, s.start_ms AS startMs, s.end_ms AS endMs, s.text, s.confidence
    FROM (SELECT rowid AS id FROM search_segment_fts WHERE search_segment_fts MATCH ? LIMIT ${EXACT_MAX_HITS}) m
    CROSS JOIN search_segments s ON s.id = m.id`).all(ctx.segmentMatch) as Array<SegmentHit & { id: number }>;
  const bySeq = new Map<number, Array<SegmentHit & { id: number }>>();
  for (const r of rows) {
    const seq = Math.floor(r.id / SEQ_SPAN);
    const list = bySeq.get(seq);
    if (list) list.push(r);
    else bySeq.set(seq, [r]);
  }
  const passing = filter.sql
    ? new Set(stmt(db, `SELECT a.seq FROM json_each(?) j CROSS JOIN search_assets a ON a.seq = j.value WHERE 1${filter.sql}`)
      .pluck().all(JSON.stringify([...bySeq.keys()]), ...filter.params) as number[])
    : null;
  const fields = ctx.segmentsOnly
    ? []
    : (stmt(db, `
        SELECT a.seq AS seq, -${FIELD_BM25} AS score
        FROM search_field_fts CROSS JOIN search_assets a ON a.seq = search_field_fts.rowid
        WHERE search_field_fts MATCH ?${filter.sql}`).all(allOf(ctx.ast.terms), ...filter.params) as Array<{ seq: number; score: number }>);

  const scored = new Map<number, ReturnType<typeof scoreSegments>>();
  const scores = new Map<number, number>();
  for (const [seq, hits] of bySeq) {
    if (passing && !passing.has(seq)) continue;
    const best = scoreSegments(ctx, hits);
    scored.set(seq, best);
    scores.set(seq, (best[0]?.score ?? 0) + MENTIONS_WEIGHT * Math.log(hits.length));
  }
  for (const f of fields) scores.set(f.seq, (scores.get(f.seq) ?? 0) + FIELD_BONUS + f.score);
  const ranked = [...scores].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const page = ranked.slice(offset, offset + ctx.limit);
  const hits = page.flatMap(([seq, score]) => buildHit(ctx, seq, score, false, toMoments(ctx, scored.get(seq) ?? [], ctx.moments)) ?? []);
  return { hits, next: offset + ctx.limit < ranked.length ? offset + ctx.limit : null };
}

/**
 * Two stages (docs/search.md "Two stages"): stage 1 orders assets on the asset-level index (filters
 * joined first, so only passing assets count); stage 2 picks each asset's best segments inside
 * its rowid range. Stage 1 pivots on the rarest informative term (a phrase's longest word);
 * with more than one term, or a phrase, each candidate is verified in stage 2, because an
 * asset-level row cannot tell whether the words share a segment.
 */
export function twoStagePage(ctx: SearchContext, stage1: readonly QueryTerm[], offset: number): Page {
  const single = ctx.ast.terms.length === 1 && ctx.ast.terms[0]?.kind !== 'phrase';
  const first = stage1[0] ?? ctx.ast.terms[0]!;
  const longest = [...first.words].sort((a, b) => b.length - a.length)[0] ?? first.text;
  const pivot: QueryTerm = first.kind === 'phrase' ? { kind: 'word', text: longest, words: [longest] } : first;
  return walk(ctx, byImpact(ctx, pivot, offset), !single, offset);
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
 * cost follows the page size and not the millions of hits (docs/search.md: "the" took 2.1 s ranked).
 */
export function recentPage(ctx: SearchContext, offset: number): Page {
  const { db, filter } = ctx;
  const sql = `
    SELECT a.seq AS seq, NULL AS score FROM search_assets a
    WHERE 1${filter.sql} ORDER BY a.created_ms DESC, a.seq DESC LIMIT ? OFFSET ?`;
  // Moments of a stop word are ranked among the asset's first few matches: all of them would cost ~70 reads per asset.
  const bounded = { ...ctx, stage2Max: Math.max(4 * ctx.moments, 12) };
  return walk(bounded, batched((off, n) => stmt(db, sql).all(...filter.params, n, off) as Candidate[], offset, ctx.limit * 2 + 1), true, offset);
}
