import { AppError, type MomentKind } from '@cutaway/shared';
import type pg from 'pg';
import type { IndexQuery } from '../../ports/search-index';
import type { QueryAst } from '../../rules/search-query';
import type { PrefixExpander } from './search-lexemes';
import { KINDS } from '../../rules/search-terms';

/** The connection one search runs on (inside its read-only transaction). */
export type Db = Pick<pg.PoolClient, 'query'>;

/** Positional parameters for one statement: `add(value)` binds a value and returns its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * ts_rank weights {D, C, B, A}: title A 1.0, tags B 0.6, description and file name C 0.4,
 * segment words D 0.1 (rank_tsv), the ratios of SQLite's bm25 column weights (10 / 6 / 4 / 3 / 1).
 */
export const RANK_WEIGHTS = "'{0.1, 0.4, 0.6, 1.0}'::float4[]";

/** Asset-level vectors of the kinds asked for (all when no kind filter). */
export const kindColumns = (kinds: readonly MomentKind[] | null): string[] => (kinds ?? KINDS).map((k) => `a.${k}_tsv`);

/**
 * type / tags (any of, case-insensitive) / createdAt range on `search_assets a`, as `AND …`
 * conditions. With `indexable` false the date bounds are written so no index can serve them
 * (`created_ms + 0`): stage 1 must draw candidates from GIN only (search-stage1.ts).
 */
export type AssetFilter = (p: Params, indexable?: boolean) => string;

const parseTime = (iso: string, name: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new AppError('search.query_invalid', `Invalid ${name} date`, { [name]: iso });
  return ms;
};

export function assetFilter(q: Pick<IndexQuery, 'types' | 'tags' | 'from' | 'to'>): AssetFilter {
  const from = q.from ? parseTime(q.from, 'from') : null;
  const to = q.to ? parseTime(q.to, 'to') : null;
  const tags = q.tags?.length ? q.tags.map((t) => t.trim().toLowerCase()) : null;
  const types = q.types?.length ? [...q.types] : null;
  return (p, indexable = true) => {
    const created = indexable ? 'a.created_ms' : '(a.created_ms + 0)';
    return (types ? ` AND a.type = ANY(${p.add(types, '::text[]')})` : '') +
      (tags ? ` AND a.tags_lc && ${p.add(tags, '::text[]')}` : '') +
      (from !== null ? ` AND ${created} >= ${p.add(from, '::int8')}` : '') +
      (to !== null ? ` AND ${created} <= ${p.add(to, '::int8')}` : '');
  };
}

/** Everything one search needs, built once per request. */
export interface SearchContext {
  db: Db;
  ast: QueryAst;
  kinds: MomentKind[] | null;
  /** A kind filter limits hits to segments: an asset's own fields then do not count. */
  segmentsOnly: boolean;
  filter: AssetFilter;
  /** tsquery over segment vectors: every term, plus the kind tokens when kinds narrow. */
  segmentQuery: string;
  /** tsquery over fields_tsv: every term, phrases kept (fields have positions). */
  fieldsQuery: string;
  /** tsquery over search_pairs(tsv): the adjacent pairs the query's phrases need, or null without a phrase. */
  pairQuery: string | null;
  /** Stage 2 reads at most this many matching segments per asset (bounded work for stop words in long recordings). */
  stage2Max: number;
  limit: number;
  moments: number;
  /** Bands of 64 assets in stage 1's first group (search-stage1.ts). */
  firstBands: number;
  /** Broad prefixes as their capped common expansions, for stage 1 (search-lexicon.ts). */
  expand: PrefixExpander;
  /** Two-stage verification reads the assets holding a hit first when GIN estimates at most this many hits (search-hits.ts). */
  verifySetMax: number;
}

/**
 * The condition on `search_segments s` for a segment holding the whole query. A phrase is drawn
 * from its pairs' GIN entries (few rows) and tested on the vector row by row: ts_match_vq is not
 * indexable, so GIN is never asked for the posting lists of the phrase's common words.
 */
export function segmentMatch(ctx: Pick<SearchContext, 'segmentQuery' | 'pairQuery'>, p: Params): string {
  const q = p.add(ctx.segmentQuery, '::tsquery');
  return ctx.pairQuery === null ? `s.tsv @@ ${q}` : `search_pairs(s.tsv) @@ ${p.add(ctx.pairQuery, '::tsquery')} AND ts_match_vq(s.tsv, ${q})`;
}

/**
 * PostgreSQL errors that can only come from the query text (a tsquery it cannot parse, a
 * word over its limits): every term reaches it quoted, so this is a safety net, as on SQLite.
 */
export function queryError(err: unknown): AppError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof AppError || (code !== '42601' && code !== '54000' && code !== '22023')) return null;
  return new AppError('search.query_invalid', 'The query cannot be searched', undefined, { cause: err });
}
