import { Params, RANK_WEIGHTS, type SearchContext } from './search-sql';
import { buildHits, walk, type Candidate, type Page } from './search-hits';

/**
 * A field match adds this on top of its ts_rank, so an asset whose own fields hold the query
 * outranks one that only mentions it in a segment (as FIELD_BONUS on SQLite).
 */
const FIELD_BONUS = 10;
/** Several matching segments help a little; the best one counts most. */
const MENTIONS_WEIGHT = 0.5;
/** ts_rank is ~0.1 for one plain mention: scaled so the best segment outweighs a few extra mentions. */
const SEGMENT_SCALE = 10;

/**
 * Exact segment grouping: rank every hit, keep the best per asset, add asset-field matches,
 * in one statement. Only for selective queries (the planner's bounded count), where ts_rank
 * reads a few thousand small inline vectors at most, and the only path that keeps AND and
 * phrase semantics at segment level. Filters apply before the page is cut.
 */
export async function exactPage(ctx: SearchContext, offset: number): Promise<Page> {
  const p = new Params();
  const q = p.add(ctx.segmentQuery, '::tsquery');
  // Ranked on the terms alone: the kind tokens only select.
  const rank = p.add(ctx.fieldsQuery, '::tsquery');
  const where = ctx.filter(p);
  // Filters first: only the hits of passing assets are ranked (search.md "Bounded candidates before ranking").
  const passing = where ? `JOIN search_assets a ON a.seq = s.asset_seq WHERE s.tsv @@ ${q}${where}` : `WHERE s.tsv @@ ${q}`;
  const segmentScore = `${SEGMENT_SCALE} * h.best + ${MENTIONS_WEIGHT} * ln(h.n)`;
  const scored = ctx.segmentsOnly
    ? `SELECT h.seq, ${segmentScore} AS score FROM h`
    : `SELECT coalesce(h.seq, f.seq) AS seq,
         coalesce(${segmentScore}, 0) + CASE WHEN f.seq IS NULL THEN 0 ELSE ${FIELD_BONUS} + ${SEGMENT_SCALE} * f.score END AS score
       FROM h FULL JOIN (
         SELECT a.seq, ts_rank(${RANK_WEIGHTS}, a.fields_tsv, ${rank})::float8 AS score FROM search_assets a WHERE a.fields_tsv @@ ${rank}${where}
       ) f ON f.seq = h.seq`;
  const { rows } = await ctx.db.query<{ seq: number; score: number; total: number }>(`
    WITH h AS (
      SELECT s.asset_seq AS seq, max(ts_rank(s.tsv, ${rank}))::float8 AS best, count(*) AS n FROM search_segments s ${passing} GROUP BY s.asset_seq
    ), r AS (${scored})
    SELECT seq, score, count(*) OVER ()::int AS total FROM r ORDER BY score DESC, seq LIMIT ${p.add(ctx.limit)} OFFSET ${p.add(offset)}`, p.values);
  const hits = (await buildHits(ctx, rows.map((r): Candidate => ({ seq: r.seq, score: r.score })), false)).flatMap((h) => h ?? []);
  const total = rows[0]?.total ?? 0;
  return { hits, next: offset + ctx.limit < total ? offset + ctx.limit : null };
}

/**
 * Stop-word-like queries: newest assets first (the search_assets_recent index), each checked
 * in its own segment range, so the cost follows the page size and not the millions of hits
 * (search.md: "the" took 2.1 s ranked).
 */
export async function recentPage(ctx: SearchContext, offset: number): Promise<Page> {
  const fetch = async (off: number, n: number): Promise<Candidate[]> => {
    const p = new Params();
    const where = ctx.filter(p);
    const { rows } = await ctx.db.query<{ seq: number }>(`
      SELECT a.seq FROM search_assets a WHERE true${where}
      ORDER BY a.created_ms DESC NULLS LAST, a.seq DESC LIMIT ${p.add(n)} OFFSET ${p.add(off)}`, p.values);
    return rows.map((r) => ({ seq: r.seq, score: null }));
  };
  return walk(ctx, fetch, true, offset);
}
