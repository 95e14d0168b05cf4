import type { MomentKind } from '@cutaway/shared';
import type { IndexHit, IndexMoment } from '../../ports/search-index';
import { highlight, matchesAny, scoreTexts } from '../../rules/search-query';
import { FIELDS, type Field } from '../../rules/search-terms';
import { Params, segmentMatch, type SearchContext } from './search-sql';

export interface Candidate {
  seq: number;
  score: number | null;
}

export interface Page {
  hits: IndexHit[];
  /** Offset of the next page in the plan's candidate order, or null when there is none. */
  next: number | null;
}

/**
 * Stage 2 and the asset docs for a batch of candidates, in one statement (each round trip
 * counts: on a busy 2-core machine one costs more than the query). Each asset's segments are
 * read through the primary key (asset_seq, start_ms) and tested row by row with ts_match_vq,
 * the `@@` operator as a plain function, which the planner cannot turn into a GIN scan: that
 * would rebuild the term's bitmap over the whole table for every asset (docs/search.md: "PostgreSQL
 * does it with a btree on asset_id (< 1 ms)"). No ts_rank: the few candidates are scored in JS
 * with the same bm25-like tf/length score as SQLite.
 */
const HITS = `
  SELECT a.seq, a.asset_id AS "assetId", a.title, a.description, a.tags, a.file_name AS "fileName",
    a.fields_tsv @@ $3::tsquery AS "fieldHit",
    CASE WHEN $4::boolean AND ($6::int[] IS NULL OR a.seq = ANY($6::int[])) THEN (
      SELECT coalesce(json_agg(json_build_array(s.kind, s.start_ms, s.end_ms, s.text, s.confidence)), '[]') FROM (
        SELECT kind, start_ms, end_ms, text, confidence FROM search_segments s
        WHERE s.asset_seq = a.seq AND ts_match_vq(s.tsv, $2::tsquery) LIMIT $5
      ) s
    ) END AS segments
  FROM search_assets a WHERE a.seq = ANY($1::int[])`;

type Row = Omit<IndexMoment, 'highlighted' | 'score'>;
type SegmentTuple = [kind: MomentKind, startMs: number, endMs: number, text: string, confidence: number | null];
type Doc = Record<Exclude<Field, 'tags'>, string> & { seq: number; assetId: string; tags: string[]; fieldHit: boolean; segments: SegmentTuple[] | null };

function rankMoments(ctx: SearchContext, tuples: readonly SegmentTuple[], n: number): IndexMoment[] {
  if (n <= 0) return [];
  const rows = tuples.map(([kind, startMs, endMs, text, confidence]): Row => ({ kind, startMs, endMs, text, confidence }));
  const scores = scoreTexts(rows.map((r) => r.text), ctx.ast);
  return rows
    .map((r, i) => ({ row: r, score: scores[i]! }))
    .sort((a, b) => b.score - a.score || a.row.startMs - b.row.startMs)
    .slice(0, n)
    .map(({ row, score }) => ({ ...row, score, highlighted: highlight(row.text, ctx.ast) }));
}

/**
 * The hits for a batch of candidates, in order (null where a candidate does not qualify).
 * With `verify`, an asset must really match: a segment holding the whole query, or its own
 * fields holding every term; the asset-level vectors alone cannot tell (a two-stage
 * candidate may have its words in different segments). With `holding` (hitAssets), only
 * those assets' segments are read: the others have no segment to find.
 */
export async function buildHits(ctx: SearchContext, batch: readonly Candidate[], verify: boolean, holding: ReadonlySet<number> | null = null): Promise<Array<IndexHit | null>> {
  if (batch.length === 0) return [];
  const wanted = verify ? Math.max(ctx.moments, 1) : ctx.moments;
  const scan = holding ? batch.flatMap((c) => (holding.has(c.seq) ? [c.seq] : [])) : null;
  const { rows } = await ctx.db.query<Doc>(HITS, [batch.map((c) => c.seq), ctx.segmentQuery, ctx.fieldsQuery, wanted > 0, ctx.stage2Max, scan]);
  const docs = new Map(rows.map((d) => [d.seq, d]));
  return batch.map((c) => {
    const doc = docs.get(c.seq);
    if (!doc) return null;
    const moments = rankMoments(ctx, doc.segments ?? [], wanted);
    if (verify && moments.length === 0 && (ctx.segmentsOnly || !doc.fieldHit)) return null;
    const fieldText = (f: Field): string => (f === 'tags' ? doc.tags.join('\n') : doc[f]);
    // Which fields hold a term: checked on the stored text with the same stemming as the index.
    const matchedFields = ctx.segmentsOnly ? [] : FIELDS.filter((f) => matchesAny(fieldText(f), ctx.ast));
    return { assetId: doc.assetId, score: c.score ?? moments[0]?.score ?? 0, matchedFields, moments: moments.slice(0, ctx.moments) };
  });
}

/**
 * Walks candidates in a plan's order from `start`, keeping verified hits until the page is
 * full; the cursor is the candidate offset, so pages neither repeat nor skip (as SQLite's
 * walk). A page stops after about `maxScan` candidates even if short, bounding one request.
 */
export async function walk(ctx: SearchContext, fetch: (offset: number, n: number) => Promise<Candidate[]>, verify: boolean, start: number,
  holding: ReadonlySet<number> | null = null): Promise<Page> {
  const hits: IndexHit[] = [];
  const batch = verify ? ctx.limit * 2 + 1 : ctx.limit + 1;
  const maxScan = ctx.limit * 20 + 100;
  let offset = start;
  let built = 0;
  // Candidates are fetched and built a page's remainder at a time (one round trip each), widened by
  // the share that passed so far: an AND whose words rarely share a segment fails most checks.
  const wanted = (): number => {
    const passed = built === 0 ? 1 : Math.max(hits.length / built, 0.1);
    return Math.min(Math.ceil((ctx.limit - hits.length) / passed), maxScan);
  };
  for (;;) {
    const size = Math.max(batch, wanted());
    const rows = await fetch(offset, size);
    for (let i = 0; i < rows.length; ) {
      if (hits.length === ctx.limit) return { hits, next: offset };
      const chunk = rows.slice(i, i + wanted());
      i += chunk.length;
      built += chunk.length;
      for (const hit of await buildHits(ctx, chunk, verify, holding)) {
        if (hits.length === ctx.limit) return { hits, next: offset };
        offset++;
        if (hit) hits.push(hit);
      }
    }
    if (rows.length < size) return { hits, next: null };
    if (offset - start >= maxScan) return { hits, next: offset };
  }
}

/**
 * The assets holding a segment with the whole phrase query, read once per page through the pair
 * index (migration 240), so two-stage verification reads only their segments instead of testing
 * every segment of every candidate (docs/search.md "PostgreSQL at 2M and 5M segments"). Null, and
 * verification reads every candidate, past `verifySetMax` rows: reading that many rows would cost
 * more than the candidates a page verifies.
 */
export async function hitAssets(ctx: SearchContext): Promise<Set<number> | null> {
  // Phrases only: a phrase's bitmap is its pairs' postings, few rows. For an AND of words it is their
  // intersection, one heap page per hit: at 5M segments that cost twice what reading the candidates did (measured).
  if (ctx.verifySetMax <= 0 || ctx.pairQuery === null) return null;
  const p = new Params();
  const match = segmentMatch(ctx, p);
  // Bounded even when the estimate was low: past the bound, verification reads the candidates after all.
  const { rows } = await ctx.db.query<{ n: number; seqs: number[] | null }>(`
    SELECT count(*)::int AS n, array_agg(DISTINCT h.asset_seq) AS seqs
    FROM (SELECT s.asset_seq FROM search_segments s WHERE ${match} LIMIT ${p.add(ctx.verifySetMax + 1)}) h`, p.values);
  const row = rows[0];
  return row && row.n <= ctx.verifySetMax ? new Set(row.seqs ?? []) : null;
}
