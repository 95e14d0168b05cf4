import type { QueryTerm } from '../../rules/search-query';
import { BAND_SHIFT } from './search.migrations';
import { allOf, bandLexeme, termQuery } from './search-lexemes';
import { Params, RANK_WEIGHTS, kindColumns, type SearchContext } from './search-sql';
import { hitAssets, walk, type Candidate, type Page } from './search-hits';

/** A group never lists more bands than this (8,192 assets); the next group takes the next ones. */
const MAX_GROUP_BANDS = 128;
/** Rows of a group's ranking read at once: a few pages' worth of candidates (seq and score only). */
const PREFETCH = 256;

interface Ranked {
  /** The group's best candidates, best first. */
  rows: Candidate[];
  /** How many candidates the group has in all. */
  total: number;
}

/**
 * Two stages (docs/search.md "Two stages"): stage 1 ranks assets on the asset-level vectors, stage 2
 * picks each asset's best segments through its primary-key range (search-hits.ts). Multi-term
 * queries are verified in stage 2: the asset-level bags cannot tell whether the words share a
 * segment.
 *
 * Where PostgreSQL differs from FTS5, and why stage 1 works in bands:
 * - FTS5's bm25 reads the term's doclist; ts_rank reads each candidate's vector, and a whole
 *   bag is KiBs out of line (13–45 µs per asset measured at 100 segments per asset). A common
 *   word matches most assets (~12k of 20k at 2M segments), so ranking all of them cannot be fast.
 * - Even testing `@@` row by row detoasts the bags, and the planner does not cost detoasting:
 *   given any other index (primary key, dates) it happily filters rows with `@@`.
 * So candidates only ever come from GIN, restricted to bands of 64 assets by seq (newest
 * first) with band tokens inside the same tsquery — no other indexable condition exists for the
 * planner to prefer — and are ranked with ts_rank on the small inline vectors only: the fields
 * (title A, tags B, description / file name C) and rank_tsv (the asset's most repeated stems).
 * Bands are visited in groups, newest first, each group ranked in full: 16 bands (1,024
 * assets) first, then doubling. A catalog within the first group is ranked as a whole; a broad
 * word gets the best of the newest assets first, bounded work whatever the catalog size.
 */
export async function twoStagePage(ctx: SearchContext, stage1: readonly QueryTerm[], offset: number, knownMaxSeq?: number | null): Promise<Page> {
  const terms = stage1.length > 0 ? stage1 : ctx.ast.terms;
  // The bags are sets of words (no order): a phrase is matched and ranked as its words, and checked in stage 2.
  const words = terms.flatMap((t): QueryTerm[] => (t.kind === 'phrase' ? t.words.map((w) => ({ kind: 'word', text: w, words: [w] })) : [t]));
  const columns = [...(ctx.segmentsOnly ? [] : ['a.fields_tsv']), ...kindColumns(ctx.kinds)];
  const rankColumns = [...(ctx.segmentsOnly ? [] : ['a.fields_tsv']), 'a.rank_tsv'];
  const maxSeq = knownMaxSeq !== undefined ? knownMaxSeq
    : ((await ctx.db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM search_assets')).rows[0]?.seq ?? null);

  /** One group ranked in full on the server; returns its best `upto` rows and its size. */
  const rankGroup = async (bands: number[], upto: number): Promise<Ranked> => {
    const p = new Params();
    const inBands = bands.map(bandLexeme).join(' | ');
    // Every word in some vector of the group's bands; stage 2 (or the fields) decides whether the asset really matches.
    const match = words.map((w) => {
      const q = p.add(`(${termQuery(w, ctx.expand)}) & (${inBands})`, '::tsquery');
      return `(${columns.map((c) => `${c} @@ ${q}`).join(' OR ')})`;
    });
    const rank = p.add(allOf(words, ctx.expand), '::tsquery');
    const score = rankColumns.map((c) => `ts_rank(${RANK_WEIGHTS}, ${c}, ${rank})`).join(' + ');
    const { rows } = await ctx.db.query<Candidate & { total: number }>(`
      WITH m AS (SELECT a.seq, (${score})::float8 AS score FROM search_assets a WHERE ${match.join(' AND ')}${ctx.filter(p, false)}),
      o AS (SELECT seq, score, row_number() OVER (ORDER BY score DESC, seq DESC) AS rn, count(*) OVER () AS total FROM m)
      SELECT seq, score, total::int AS total FROM o WHERE rn <= ${p.add(upto)} ORDER BY rn`, p.values);
    return { rows: rows.map((r) => ({ seq: r.seq, score: r.score })), total: rows[0]?.total ?? 0 };
  };

  // The groups' bands, newest first: [top], then doubling spans down to band 0.
  const groups: number[][] = [];
  if (maxSeq !== null) {
    for (let hi = maxSeq >> BAND_SHIFT, size = ctx.firstBands; hi >= 0; hi -= size, size = Math.min(size * (groups.length > 1 ? 2 : 1), MAX_GROUP_BANDS)) {
      groups.push(Array.from({ length: Math.min(size, hi + 1) }, (_, i) => hi - i));
    }
  }
  // Each group's best rows, kept for this request: a page that walks on reads them again without re-ranking.
  const ranked: Ranked[] = [];
  const group = async (k: number, upto: number): Promise<Ranked> => {
    const known = ranked[k];
    if (known && (known.rows.length >= upto || known.rows.length === known.total)) return known;
    return (ranked[k] = await rankGroup(groups[k]!, Math.max(upto, PREFETCH)));
  };
  // Candidate offsets run through the groups in order: offset = earlier groups' sizes + rank inside the group.
  const fetch = async (off: number, n: number): Promise<Candidate[]> => {
    const out: Candidate[] = [];
    let skip = off;
    for (let k = 0; k < groups.length && out.length < n; k++) {
      const { rows, total } = await group(k, skip + n - out.length);
      if (skip >= total) {
        skip -= total;
        continue;
      }
      out.push(...rows.slice(skip, skip + n - out.length));
      skip = 0;
    }
    return out;
  };
  const single = ctx.ast.terms.length === 1 && ctx.ast.terms[0]?.kind !== 'phrase';
  return walk(ctx, fetch, !single, offset, single ? null : await hitAssets(ctx));
}
