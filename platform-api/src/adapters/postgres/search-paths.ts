import { Params, RANK_WEIGHTS, segmentMatch, type SearchContext } from './search-sql';
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
 * in one statement. Only for selective queries, where ts_rank reads a few thousand small
 * inline vectors at most, and the only path that keeps AND and phrase semantics at segment
 * level. Filters apply before ranking (docs/search.md "Bounded candidates before ranking").
 *
 * With `cap` (a first page), the statement is also the planner's count: it reads at most `cap`
 * hits and returns null when there are that many (docs/search.md: "selective queries (few
 * estimated hits...) take exact segment grouping"), so a selective query reads its hits once.
 */
export async function exactPage(ctx: SearchContext, offset: number): Promise<Page>;
export async function exactPage(ctx: SearchContext, offset: number, cap: number): Promise<Page | null>;
export async function exactPage(ctx: SearchContext, offset: number, cap?: number): Promise<Page | null> {
  const p = new Params();
  const match = segmentMatch(ctx, p);
  // Ranked on the terms alone: the kind tokens only select.
  const rank = p.add(ctx.fieldsQuery, '::tsquery');
  const limit = cap === undefined ? '' : ` LIMIT ${p.add(cap)}`;
  const where = ctx.filter(p);
  const passing = where ? ` JOIN search_assets a ON a.seq = m.asset_seq WHERE true${where}` : '';
  const selective = cap === undefined ? 'true' : `(SELECT count(*) FROM m) < ${p.add(cap)}`;
  const segmentScore = `${SEGMENT_SCALE} * h.best + ${MENTIONS_WEIGHT} * ln(h.n)`;
  const scored = ctx.segmentsOnly
    ? `SELECT h.seq, ${segmentScore} AS score FROM h`
    : `SELECT coalesce(h.seq, f.seq) AS seq,
         coalesce(${segmentScore}, 0) + CASE WHEN f.seq IS NULL THEN 0 ELSE ${FIELD_BONUS} + ${SEGMENT_SCALE} * f.score END AS score
       FROM h FULL JOIN (
         SELECT a.seq, ts_rank(${RANK_WEIGHTS}, a.fields_tsv, ${rank})::float8 AS score FROM search_assets a
         WHERE ${selective} AND a.fields_tsv @@ ${rank}${where}
       ) f ON f.seq = h.seq`;
  // The hit count comes back even when the page is empty (LEFT JOIN on one counted row).
  const { rows } = await ctx.db.query<{ hits: number; seq: number | null; score: number; total: number }>(`
    WITH m AS MATERIALIZED (SELECT s.asset_seq, s.tsv FROM search_segments s WHERE ${match}${limit}),
    h AS (
      SELECT m.asset_seq AS seq, max(ts_rank(m.tsv, ${rank}))::float8 AS best, count(*) AS n
      FROM m${passing}${passing ? ' AND' : ' WHERE'} ${selective} GROUP BY m.asset_seq
    ),
    r AS (${scored}),
    page AS (SELECT seq, score, count(*) OVER ()::int AS total FROM r ORDER BY score DESC, seq LIMIT ${p.add(ctx.limit)} OFFSET ${p.add(offset)})
    SELECT c.hits, page.seq, page.score, page.total FROM (SELECT count(*)::int AS hits FROM m) c LEFT JOIN page ON true
    ORDER BY page.score DESC, page.seq`, p.values);
  if (cap !== undefined && (rows[0]?.hits ?? 0) >= cap) return null;
  const ranked = rows.flatMap((r): Candidate[] => (r.seq === null ? [] : [{ seq: r.seq, score: r.score }]));
  const hits = (await buildHits(ctx, ranked, false)).flatMap((h) => h ?? []);
  const total = rows[0]?.total ?? 0;
  return { hits, next: offset + ctx.limit < total ? offset + ctx.limit : null };
}

/**
 * Stop-word-like queries: newest assets first (the search_assets_recent index), each checked
 * in its own segment range, so the cost follows the page size and not the millions of hits
 * (docs/search.md: "the" took 2.1 s ranked).
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
  // A stop word's moments are ranked among the asset's first few matches, as on SQLite: all of them would be ~70 rows per asset.
  return walk({ ...ctx, stage2Max: Math.max(4 * ctx.moments, 12) }, fetch, true, offset);
}
