import type { Db } from './search-sql';

/**
 * Prefix expansion with a cap (docs/search.md: broad prefixes are the worst case, "cons*" matched
 * 245k segments at 2M; "cap prefix expansion to the top-N words by frequency").
 *
 * Why here: a `:*` term is a GIN partial match, which decodes the postings of every lexeme
 * with that prefix into a bitmap before anything else narrows it (a 2-letter prefix cost
 * 21 ms at 200k segments, ten times that at 2M), and the planner's estimate for it is far too
 * low. The frequencies come from ANALYZE's most-common-lexeme statistics on search_segments.tsv
 * (pg_stats, ~1,000 lexemes, refreshed by autovacuum): no lexicon table to keep in step on
 * every write, no extension. pg_trgm would only find the words, not rank them by frequency,
 * and a btree over lexemes does prefixes as well; neither is needed for this.
 */
export interface CommonLexemes {
  /** Most common lexemes, in code-point order (for prefix ranges). */
  sorted: string[];
  /** Share of segments holding each of them. */
  freq: Map<string, number>;
  /** Rows of search_segments, as ANALYZE counted them. */
  rows: number;
}

/** Expansions kept for a broad prefix. */
export const PREFIX_CAP = 16;

const STATS = `
  SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, c.reltuples::float8 AS rows
  FROM pg_stats s JOIN pg_class c ON c.oid = 'search_segments'::regclass
  WHERE s.schemaname = current_schema() AND s.tablename = 'search_segments' AND s.attname = 'tsv'`;

export async function loadCommonLexemes(db: Db): Promise<CommonLexemes> {
  const row = (await db.query<{ elems: string[] | null; freqs: number[] | null; rows: number }>(STATS)).rows[0];
  const elems = row?.elems ?? [];
  const freq = new Map(elems.map((e, i) => [e, row?.freqs?.[i] ?? 0]));
  return { sorted: [...elems].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), freq, rows: Math.max(row?.rows ?? 0, 0) };
}

/**
 * The common lexemes starting with `prefix`, most frequent first, at most PREFIX_CAP, when the
 * prefix is broad: its common expansions alone reach `broadHits` segments, or there are more
 * of them than the cap. Null otherwise: the prefix stays a plain `:*` (few hits, cheap).
 */
export function expandPrefix(common: CommonLexemes, prefix: string, broadHits: number): string[] | null {
  let lo = 0;
  for (let hi = common.sorted.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (common.sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const matches: string[] = [];
  for (let i = lo; i < common.sorted.length && common.sorted[i]!.startsWith(prefix); i++) matches.push(common.sorted[i]!);
  const f = (l: string): number => common.freq.get(l) ?? 0;
  const hits = matches.reduce((sum, l) => sum + f(l), 0) * common.rows;
  if (matches.length === 0 || (hits < broadHits && matches.length <= PREFIX_CAP)) return null;
  return matches.sort((a, b) => f(b) - f(a) || (a < b ? -1 : 1)).slice(0, PREFIX_CAP);
}
