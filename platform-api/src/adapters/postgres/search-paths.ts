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
 * Exact segment grouping: rank every hit, keep the best per asset, add asset-field matches.
 * Only for selective queries (the planner's bounded count), where ts_rank reads a few
 * thousand small vectors at most, and the only path that keeps AND and phrase semantics at
 * segment level. Filters are joined before grouping so only passing assets count.
 */
export async function exactPage(ctx: SearchContext, offset: number): Promise<Page> {
  const p = new Params();
  const q = p.add(ctx.segmentQuery, '::tsquery');
  // Ranked on the terms alone: the kind tokens only select.
  const rank = p.add(ctx.fieldsQuery, '::tsquery');
  const segments = await ctx.db.query<{ seq: number; best: number; n: number }>(`
    WITH h AS (
      SELECT asset_seq AS seq, max(ts_rank(tsv, ${rank})) AS best, count(*)::int AS n
      FROM search_segments WHERE tsv @@ ${q} GROUP BY asset_seq
    )
    SELECT h.seq, h.best, h.n FROM h JOIN search_assets a ON a.seq = h.seq WHERE true${ctx.filter(p)}`, p.values);
  const f = new Params();
  const fq = f.add(ctx.fieldsQuery, '::tsquery');
  const fields = ctx.segmentsOnly
    ? { rows: [] }
    : await ctx.db.query<{ seq: number; score: number }>(`
        SELECT a.seq, ts_rank(${RANK_WEIGHTS}, a.fields_tsv, ${fq}) AS score FROM search_assets a
        WHERE a.fields_tsv @@ ${fq}${ctx.filter(f)}`, f.values);

  const scores = new Map<number, number>();
  for (const s of segments.rows) scores.set(s.seq, SEGMENT_SCALE * s.best + MENTIONS_WEIGHT * Math.log(s.n));
  for (const r of fields.rows) scores.set(r.seq, (scores.get(r.seq) ?? 0) + FIELD_BONUS + SEGMENT_SCALE * r.score);
  const ranked = [...scores].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const page = ranked.slice(offset, offset + ctx.limit).map(([seq, score]): Candidate => ({ seq, score }));
  const hits = (await buildHits(ctx, page, false)).flatMap((h) => h ?? []);
  return { hits, next: offset + ctx.limit < ranked.length ? offset + ctx.limit : null };
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
