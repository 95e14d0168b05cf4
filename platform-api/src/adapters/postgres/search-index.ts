import type { MomentKind, Segment } from '@cutaway/shared';
import type { AssetDoc, IndexQuery, IndexResult, ListSegmentsOptions, SearchIndex, TokenFilter } from '../../ports/search-index';
import { parseQuery } from '../../rules/search-query';
import { decodeCursor, encodeCursor, kindFilter } from '../../rules/search-terms';
import type pg from 'pg';
import type { PgPool } from './database';
import { allOf, pairQuery, segmentQuery, type PrefixExpander } from './search-lexemes';
import { expandPrefix, loadCommonLexemes, type CommonLexemes } from './search-lexicon';
import { exactPage, recentPage } from './search-paths';
import { DEFAULT_PG_PLANNER, choosePlan, type PgPlannerOptions, type PlanDecision } from './search-plan';
import { Params, assetFilter, queryError, type SearchContext } from './search-sql';
import { twoStagePage } from './search-stage1';
import { ensureAssets, inTransaction, insertSegments, syncBags, upsertAssets } from './search-write';

const LIST = `
  SELECT s.kind, s.start_ms, s.end_ms, s.text, s.source, s.confidence, s.words
  FROM search_assets a JOIN search_segments s ON s.asset_seq = a.seq
  WHERE a.asset_id = $1 AND ($2::text IS NULL OR s.kind = $2) AND s.source IS DISTINCT FROM $3::text AND ($4::text IS NULL OR s.source = $4)
  ORDER BY s.start_ms, s.id`;
/**
 * One snapshot for every statement of a search (SQLite: one read transaction). JIT off: a broad
 * query's cost estimate crosses jit_above_cost and compiling costs more than the query runs.
 * Seq scans off: a text match must come from GIN, never from testing `@@` on every row (the
 * planner does not cost detoasting the asset-level bags); every statement here has an index path.
 */
const READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL jit = off; SET LOCAL enable_seqscan = off';

interface SegmentRow {
  kind: MomentKind;
  start_ms: number;
  end_ms: number;
  text: string;
  source: string;
  confidence: number | null;
  words: Segment['words'];
}

/** SearchIndex on PostgreSQL tsvector + GIN (docs/search.md); expects `pgSearchMigrations` applied. */
export class PgSearchIndex implements SearchIndex {
  private readonly planner: PgPlannerOptions;
  /** Planner statistics for prefix expansion, re-read at most once a minute (they change with ANALYZE only). */
  private common: { at: number; lexemes: CommonLexemes } | null = null;

  constructor(
    private readonly pool: PgPool,
    planner: Partial<PgPlannerOptions> = {},
  ) {
    this.planner = { ...DEFAULT_PG_PLANNER, ...planner };
  }

  async upsertAsset(doc: AssetDoc): Promise<void> {
    // Only the fields change: the bags stay as the segments left them.
    await inTransaction(this.pool, (db) => upsertAssets(db, [doc]));
  }

  async replaceSegments(assetId: string, source: string, segments: Segment[]): Promise<void> {
    await inTransaction(this.pool, async (db) => {
      // Segments may arrive before the asset doc (enrichment races the catalog write): a bare row is
      // created, and locked, so concurrent writers of one asset take turns.
      const seq = (await ensureAssets(db, [assetId])).get(assetId)!;
      await db.query('DELETE FROM search_segments WHERE asset_seq = $1 AND source = $2', [seq, source]);
      await insertSegments(db, segments.map((segment) => ({ seq, segment: { ...segment, source } })));
      await syncBags(db, seq);
    });
  }

  async listSegments(assetId: string, kind?: MomentKind, options: ListSegmentsOptions = {}): Promise<Segment[]> {
    const { rows } = await this.pool.query<SegmentRow>(LIST, [assetId, kind ?? null, options.exceptSource ?? null, options.onlySource ?? null]);
    return rows.map((r) => ({
      assetId, kind: r.kind, startMs: r.start_ms, endMs: r.end_ms, text: r.text, source: r.source, confidence: r.confidence, words: r.words,
    }));
  }

  async deleteAsset(assetId: string): Promise<void> {
    await inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ seq: number }>('DELETE FROM search_assets WHERE asset_id = $1 RETURNING seq', [assetId]);
      if (rows[0]) await db.query('DELETE FROM search_segments WHERE asset_seq = $1', [rows[0].seq]);
    });
  }

  async search(query: IndexQuery): Promise<IndexResult> {
    const ast = parseQuery(query.q);
    const kinds = kindFilter(query.kinds);
    const cursor = decodeCursor(query.cursor, ast.terms.length);
    const filter = assetFilter(query);
    try {
      return await readTransaction(this.pool, async (db): Promise<IndexResult> => {
        const expand = await this.prefixExpander(db, ast.terms.some((t) => t.kind === 'prefix'));
        const ctx: SearchContext = {
          db, ast, kinds, segmentsOnly: (query.kinds?.length ?? 0) > 0, filter,
          segmentQuery: segmentQuery(ast.terms, kinds), fieldsQuery: allOf(ast.terms), pairQuery: this.planner.pairs ? pairQuery(ast.terms) : null,
          stage2Max: 400, limit: clamp(query.limit, 1, 200), moments: clamp(query.momentsPerAsset, 0, 50), firstBands: Math.max(1, Math.trunc(this.planner.stage1Bands)), expand,
          verifySetMax: Math.max(0, Math.trunc(this.planner.verifySetMax)),
        };
        const { plan, stage1, maxSeq, page: first }: PlanDecision = cursor
          ? { plan: cursor.plan, stage1: cursor.stage1 ?? [] }
          : await choosePlan(db, ast.terms, kinds, this.planner, expand, (cap) => exactPage(ctx, 0, cap), ctx.pairQuery);
        const offset = cursor?.offset ?? 0;
        const page = first ??
          (plan === 'exact' ? await exactPage(ctx, offset)
          : plan === 'recent' ? await recentPage(ctx, offset)
          : await twoStagePage(ctx, (stage1 ?? []).flatMap((i) => ast.terms[i] ?? []), offset, maxSeq));
        return { hits: page.hits, plan, nextCursor: page.next === null ? null : encodeCursor({ plan, offset: page.next, ...(plan === 'two_stage' ? { stage1 } : {}) }) };
      });
    } catch (err) {
      throw queryError(err) ?? err;
    }
  }

  async tokenCounts(tokens: readonly string[], filter: TokenFilter): Promise<Map<string, number>> {
    const kinds = kindFilter(filter.kinds);
    const queries = [...new Set(tokens)].filter((t) => t.trim()).map((t) => segmentQuery([{ kind: 'word', text: t, words: [t] }], kinds));
    if (queries.length === 0) return new Map();
    const p = new Params();
    const q = p.add(queries, '::tsquery[]');
    // One GIN bitmap per token (a parameterised index scan per array element); only asset_seq is read.
    const { rows } = await this.pool.query<{ assetId: string; n: number }>(`
      SELECT a.asset_id AS "assetId", t.n FROM (
        SELECT s.asset_seq, count(DISTINCT q.i)::int AS n FROM unnest(${q}) WITH ORDINALITY AS q (q, i)
        JOIN search_segments s ON s.tsv @@ q.q GROUP BY s.asset_seq
      ) t JOIN search_assets a ON a.seq = t.asset_seq WHERE true${assetFilter(filter)(p)} ORDER BY a.seq DESC`, p.values);
    return new Map(rows.map((r) => [r.assetId, r.n]));
  }

  async segmentStamps(assetIds: readonly string[]): Promise<Map<string, string>> {
    if (assetIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ asset_id: string; segments_stamp: string }>(
      'SELECT asset_id, segments_stamp FROM search_assets WHERE asset_id = ANY($1::text[]) AND segments_stamp IS NOT NULL', [[...assetIds]]);
    return new Map(rows.map((r) => [r.asset_id, r.segments_stamp]));
  }

  private async prefixExpander(db: pg.PoolClient, needed: boolean): Promise<PrefixExpander> {
    if (!needed) return () => null;
    if (!this.common || Date.now() - this.common.at > 60_000) this.common = { at: Date.now(), lexemes: await loadCommonLexemes(db) };
    const { lexemes } = this.common;
    return (prefix) => expandPrefix(lexemes, prefix, this.planner.exactCap);
  }
}

/**
 * Runs a search in one read-only snapshot. The COMMIT is not waited for: it cannot fail in a
 * read-only transaction, and the connection goes back to the pool once it is done; a busy
 * machine makes every round trip count (search-hits.ts).
 */
async function readTransaction<T>(pool: PgPool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(READ);
    const out = await fn(client);
    void client.query('COMMIT').then(() => client.release(), (err: Error) => client.release(err));
    return out;
  } catch (err) {
    void client.query('ROLLBACK').then(() => client.release(), (e: Error) => client.release(e));
    throw err;
  }
}

const clamp = (n: number, min: number, max: number): number => (Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min);
