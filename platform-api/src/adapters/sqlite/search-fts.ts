import type { Statement } from 'better-sqlite3';
import { AppError, type MomentKind } from '@cutaway/shared';
import type { IndexQuery } from '../../ports/search-index';
import type { QueryTerm } from '../../rules/search-query';
import type { SqliteDb } from './database';

/** Segment rowids are seq * SEQ_SPAN + n: one contiguous range per asset (docs/search.md "Contiguous rowids"). */
export const SEQ_SPAN = 2 ** 20;
export const seqRange = (seq: number): [number, number] => [seq * SEQ_SPAN, seq * SEQ_SPAN + SEQ_SPAN - 1];
/**
 * better-sqlite3 binds JS numbers as REAL, and FTS5 silently ignores a REAL rowid constraint
 * (it only honours SQLITE_INTEGER) and returns every match: every FTS5 rowid bound goes through this.
 */
export const INT = 'CAST(? AS INTEGER)';

/** bm25 column weights of the asset fields (title, description, tags, file_name): the title counts most. */
export const FIELD_WEIGHTS = [10, 4, 6, 3] as const;
export const FIELD_BM25 = `bm25(search_field_fts, ${FIELD_WEIGHTS.join(', ')})`;

/** Every term becomes a quoted FTS5 string, so nothing the user typed is parsed as FTS5 syntax. */
const ftsTerm = (t: QueryTerm): string => `"${t.words.join(' ').replaceAll('"', '""')}"${t.kind === 'prefix' ? '*' : ''}`;
export const allOf = (terms: readonly QueryTerm[]): string => terms.map(ftsTerm).join(' AND ');

/**
 * MATCH for segments, and for the asset-level index: the kind filter is a column filter
 * (docs/search.md: "keep kind inside the FTS index as a column").
 */
export function kindMatch(terms: readonly QueryTerm[], kinds: readonly MomentKind[] | null): string {
  return kinds ? `{${kinds.join(' ')}} : (${allOf(terms)})` : allOf(terms);
}

/** The longest prefix FTS5 answers from its prefix index (prefix='2 3'). */
const PREFIX_INDEXED = 3;

/**
 * Long prefixes cut to the indexed length. FTS5 answers "elec*" by merging the doclists of
 * every matching term across the whole table, on every statement, even inside a rowid range
 * (measured ~5 ms at 2M segments, so ~100 ms for 20 assets in stage 2), while "ele*" is one
 * prefix-index doclist. Callers narrow the superset back with `longPrefixes` in JS.
 */
export const indexedPrefixes = (terms: readonly QueryTerm[]): QueryTerm[] =>
  terms.map((t) => (t.kind === 'prefix' && t.text.length > PREFIX_INDEXED ? { ...t, text: t.text.slice(0, PREFIX_INDEXED), words: [t.text.slice(0, PREFIX_INDEXED)] } : t));
/** Indexes of the terms `indexedPrefixes` widened. */
export const longPrefixes = (terms: readonly QueryTerm[]): number[] =>
  terms.flatMap((t, i) => (t.kind === 'prefix' && t.text.length > PREFIX_INDEXED ? [i] : []));

export interface AssetFilter {
  /** `AND …` conditions on `search_assets a`, or '' when nothing filters. */
  sql: string;
  params: Array<string | number>;
}

const parseTime = (iso: string, name: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new AppError('search.query_invalid', `Invalid ${name} date`, { [name]: iso });
  return ms;
};

/** type / tags (any of) / createdAt range, applied to assets before anything is ranked. */
export function assetFilter(q: Pick<IndexQuery, 'types' | 'tags' | 'from' | 'to'>): AssetFilter {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  if (q.types?.length) {
    parts.push(`a.type IN (${q.types.map(() => '?').join(', ')})`);
    params.push(...q.types);
  }
  if (q.tags?.length) {
    parts.push(`a.seq IN (SELECT seq FROM search_asset_tags WHERE tag IN (${q.tags.map(() => '?').join(', ')}))`);
    params.push(...q.tags);
  }
  if (q.from) {
    parts.push('a.created_ms >= ?');
    params.push(parseTime(q.from, 'from'));
  }
  if (q.to) {
    parts.push('a.created_ms <= ?');
    params.push(parseTime(q.to, 'to'));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

const statements = new WeakMap<SqliteDb, Map<string, Statement>>();

/** Prepared statements cached per connection: SQL shapes are few (filters × plans). */
export function stmt(db: SqliteDb, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    if (cache.size > 256) cache.clear();
    cache.set(sql, (s = db.prepare(sql)));
  }
  return s;
}
