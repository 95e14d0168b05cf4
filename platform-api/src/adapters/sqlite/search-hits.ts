import type { MomentKind } from '@cutaway/shared';
import type { IndexHit, IndexMoment } from '../../ports/search-index';
import { highlight, scoreTexts, termCounts, type QueryAst } from '../../rules/search-query';
import type { SqliteDb } from './database';
import { FIELDS, type Field } from '../../rules/search-terms';
import { INT, seqRange, stmt, type AssetFilter } from './search-fts';

/** Everything one search needs, built once per request. */
export interface SearchContext {
  db: SqliteDb;
  ast: QueryAst;
  kinds: MomentKind[] | null;
  /** A kind filter limits hits to segments: an asset's own fields then do not count. */
  segmentsOnly: boolean;
  filter: AssetFilter;
  /** MATCH over search_segment_fts for the whole query. */
  segmentMatch: string;
  /** The same with long prefixes cut to the prefix index (search-fts.ts `indexedPrefixes`), for rowid-range reads. */
  rangeMatch: string;
  /** Terms `rangeMatch` widened, checked again on each candidate's text. */
  prefixChecks: number[];
  /** Stage 2 reads at most this many matching segments per asset (bounded work for stop words in long recordings). */
  stage2Max: number;
  limit: number;
  moments: number;
}

export interface Page {
  hits: IndexHit[];
  /** Offset of the next page in the plan's candidate order, or null when there is none. */
  next: number | null;
}

/** Stage 2 reads one asset's matching segments inside its rowid range (docs/search.md: ~2 ms, where a JOIN cost ~99 ms). */
const CANDIDATES = `
  SELECT s.kind, s.start_ms AS startMs, s.end_ms AS endMs, s.text, s.confidence
  FROM (
    SELECT rowid AS id FROM search_segment_fts WHERE search_segment_fts MATCH ? AND rowid BETWEEN ${INT} AND ${INT} LIMIT ?
  ) m CROSS JOIN search_segments s ON s.id = m.id`;
const ASSET_DOC = 'SELECT asset_id AS assetId, title, description, tags, file_name AS fileName FROM search_assets WHERE seq = ?';

/** A matching segment as read from search_segments, before scoring. */
export type SegmentHit = Omit<IndexMoment, 'highlighted' | 'score'>;

/**
 * Scores segments in JS (bm25's term-frequency and length part, search-query.ts) and returns
 * them best first. Not FTS5's bm25: it recounts every phrase's hits over the whole table on
 * each statement (idf), so per asset it would cost the full ranking again, and a stop word in
 * an AND query costs its million-entry doclist even when the query has ten hits.
 */
export function scoreSegments(ctx: SearchContext, rows: readonly SegmentHit[]): Array<{ row: SegmentHit; score: number }> {
  const scores = scoreTexts(rows.map((r) => r.text), ctx.ast);
  return rows.map((row, i) => ({ row, score: scores[i]! })).sort((a, b) => b.score - a.score || a.row.startMs - b.row.startMs);
}

export const toMoments = (ctx: SearchContext, scored: ReadonlyArray<{ row: SegmentHit; score: number }>, n: number): IndexMoment[] =>
  scored.slice(0, n).map(({ row, score }) => ({ ...row, score, highlighted: highlight(row.text, ctx.ast) }));

/** Stage 2: the best `n` segments of one asset, read inside its rowid range. */
export function momentsOf(ctx: SearchContext, seq: number, n: number): IndexMoment[] {
  if (n <= 0) return [];
  const [lo, hi] = seqRange(seq);
  const all = stmt(ctx.db, CANDIDATES).all(ctx.rangeMatch, lo, hi, ctx.stage2Max) as SegmentHit[];
  const rows = ctx.prefixChecks.length === 0 ? all : all.filter((r) => {
    const counts = termCounts(r.text, ctx.ast);
    return ctx.prefixChecks.every((i) => (counts[i] ?? 0) > 0);
  });
  return toMoments(ctx, scoreSegments(ctx, rows), n);
}

/**
 * The hit for one asset, with its moments (read in stage 2 unless given). With `verify`, the
 * asset must really match: a segment holding the whole query, or its own fields holding every
 * term. The asset-level index alone cannot tell (the words may sit in different segments).
 */
export function buildHit(ctx: SearchContext, seq: number, score: number | null, verify: boolean, given?: IndexMoment[]): IndexHit | null {
  const moments = given ?? momentsOf(ctx, seq, verify ? Math.max(ctx.moments, 1) : ctx.moments);
  if (verify && moments.length === 0 && ctx.segmentsOnly) return null;
  const doc = stmt(ctx.db, ASSET_DOC).get(seq) as Record<Field, string> & { assetId: string };
  // Fields are checked on the stored text with the same matching as FTS5 (Porter port), no query per field.
  const counts = FIELDS.map((f) => termCounts(f === 'tags' ? (JSON.parse(doc.tags) as string[]).join('\n') : doc[f], ctx.ast));
  if (verify && moments.length === 0 && !ctx.ast.terms.every((_, t) => counts.some((c) => (c[t] ?? 0) > 0))) return null;
  const matchedFields = ctx.segmentsOnly ? [] : FIELDS.filter((_, i) => counts[i]!.some((n) => n > 0));
  return { assetId: doc.assetId, score: score ?? moments[0]?.score ?? 0, matchedFields, moments: moments.slice(0, ctx.moments) };
}

export interface Candidate {
  seq: number;
  score: number | null;
}

/** Candidates from a LIMIT/OFFSET query, read in batches from `start`. */
export function* batched(fetch: (offset: number, n: number) => Candidate[], start: number, batch: number): Generator<Candidate> {
  for (let offset = start; ; offset += batch) {
    const rows = fetch(offset, batch);
    yield* rows;
    if (rows.length < batch) return;
  }
}

/**
 * Walks candidates in a plan's order (the iterator starts at candidate `start`), keeping
 * verified hits until the page is full. The cursor is the candidate offset, so pages neither
 * repeat nor skip. A page stops after `maxScan` candidates even if short, which bounds the
 * work of one request.
 */
export function walk(ctx: SearchContext, candidates: Iterator<Candidate>, verify: boolean, start: number): Page {
  const hits: IndexHit[] = [];
  const maxScan = ctx.limit * 20 + 100;
  let offset = start;
  for (let c = candidates.next(); !c.done; c = candidates.next()) {
    if (hits.length === ctx.limit || offset - start >= maxScan) return { hits, next: offset };
    offset++;
    const hit = buildHit(ctx, c.value.seq, c.value.score, verify);
    if (hit) hits.push(hit);
  }
  return { hits, next: null };
}
