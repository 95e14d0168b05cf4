import { AppError, type MomentKind, type Segment } from '@cutaway/shared';
import type { AssetDoc, IndexQuery, IndexResult, ListSegmentsOptions, SearchIndex, TokenFilter } from '../../ports/search-index';
import { parseQuery } from '../../rules/search-query';
import type { SqliteDb } from './database';
import { KINDS, decodeCursor, encodeCursor, kindFilter } from '../../rules/search-terms';
import { SEQ_SPAN, assetFilter, indexedPrefixes, kindMatch, longPrefixes, seqRange, stmt } from './search-fts';
import type { SearchContext } from './search-hits';
import { exactPage, recentPage, twoStagePage } from './search-paths';
import { RANK_COLUMNS, RANK_SPAN, rankRowid, rankRows } from './search-asset-terms';
import { DEFAULT_PLANNER, choosePlan, type PlannerOptions } from './search-plan';

const UPSERT_ASSET = `
  INSERT INTO search_assets (asset_id, type, created_ms, title, description, tags, file_name) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (asset_id) DO UPDATE SET type = excluded.type, created_ms = excluded.created_ms, title = excluded.title,
    description = excluded.description, tags = excluded.tags, file_name = excluded.file_name
  RETURNING seq`;
// Segments may arrive before the asset doc (enrichment races the catalog write): create a bare row.
const ENSURE_ASSET = `INSERT INTO search_assets (asset_id) VALUES (?) ON CONFLICT (asset_id) DO UPDATE SET asset_id = excluded.asset_id RETURNING seq`;
const SEQ_OF = 'SELECT seq FROM search_assets WHERE asset_id = ?';
const INSERT_SEGMENT = 'INSERT INTO search_segments (id, source, kind, start_ms, end_ms, confidence, words, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_SEGMENT_FTS = `INSERT INTO search_segment_fts (rowid, ${KINDS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?)`;
const INSERT_RANK = `INSERT INTO search_rank_fts (rowid, ${RANK_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`;

interface SegmentRow {
  id: number;
  source: string;
  kind: MomentKind;
  start_ms: number;
  end_ms: number;
  confidence: number | null;
  words: string | null;
  text: string;
}

/** SearchIndex on SQLite FTS5 (docs/search.md). Expects `migrate(db, ALL_MIGRATIONS)` to have run. */
export class SqliteSearchIndex implements SearchIndex {
  private readonly planner: PlannerOptions;

  constructor(
    private readonly db: SqliteDb,
    planner: Partial<PlannerOptions> = {},
  ) {
    this.planner = { ...DEFAULT_PLANNER, ...planner };
  }

  async upsertAsset(doc: AssetDoc): Promise<void> {
    this.db.transaction(() => {
      const createdMs = Date.parse(doc.createdAt);
      const tags = [...new Set(doc.tags.map((t) => t.trim()).filter(Boolean))];
      const seq = this.stmt(UPSERT_ASSET).pluck().get(
        doc.assetId, doc.type, Number.isNaN(createdMs) ? null : createdMs, doc.title, doc.description, JSON.stringify(tags), doc.fileName,
      ) as number;
      this.stmt('DELETE FROM search_asset_tags WHERE seq = ?').run(seq);
      for (const tag of tags) this.stmt('INSERT OR IGNORE INTO search_asset_tags (tag, seq) VALUES (?, ?)').run(tag, seq);
      this.syncAssetRow(seq, true);
    })();
  }

  async replaceSegments(assetId: string, source: string, segments: Segment[]): Promise<void> {
    this.db.transaction(() => {
      const seq = this.stmt(ENSURE_ASSET).pluck().get(assetId) as number;
      const [lo, hi] = seqRange(seq);
      this.deleteSegments(this.stmt('SELECT id FROM search_segments WHERE id BETWEEN ? AND ? AND source = ?').pluck().all(lo, hi, source) as number[]);
      const last = this.stmt('SELECT max(id) FROM search_segments WHERE id BETWEEN ? AND ?').pluck().get(lo, hi) as number | null;
      let next = last === null ? 0 : last - lo + 1;
      if (next + segments.length > SEQ_SPAN) next = this.compact(seq, segments.length);
      segments.forEach((s, i) => {
        this.insertSegment({ id: lo + next + i, source, kind: s.kind, start_ms: s.startMs, end_ms: s.endMs, confidence: s.confidence ?? null,
          words: s.words ? JSON.stringify(s.words) : null, text: s.text });
      });
      this.syncAssetRow(seq, false);
      this.stmt('UPDATE search_assets SET segments_stamp = lower(hex(randomblob(8))) WHERE seq = ?').run(seq);
    })();
  }

  async listSegments(assetId: string, kind?: MomentKind, options: ListSegmentsOptions = {}): Promise<Segment[]> {
    const seq = this.stmt(SEQ_OF).pluck().get(assetId) as number | undefined;
    if (seq === undefined) return [];
    const [lo, hi] = seqRange(seq);
    const except = options.exceptSource ?? null;
    const only = options.onlySource ?? null;
    const sources = 'source IS NOT ? AND (? IS NULL OR source = ?)';
    const rows = (kind
      ? this.stmt(`SELECT * FROM search_segments WHERE id BETWEEN ? AND ? AND kind = ? AND ${sources} ORDER BY start_ms, id`).all(lo, hi, kind, except, only, only)
      : this.stmt(`SELECT * FROM search_segments WHERE id BETWEEN ? AND ? AND ${sources} ORDER BY start_ms, id`).all(lo, hi, except, only, only)) as SegmentRow[];
    return rows.map((r) => withWords({ assetId, kind: r.kind, startMs: r.start_ms, endMs: r.end_ms, text: r.text, source: r.source, confidence: r.confidence }, r.words));
  }

  async deleteAsset(assetId: string): Promise<void> {
    this.db.transaction(() => {
      const seq = this.stmt(SEQ_OF).pluck().get(assetId) as number | undefined;
      if (seq === undefined) return;
      const [lo, hi] = seqRange(seq);
      this.deleteSegments(this.stmt('SELECT id FROM search_segments WHERE id BETWEEN ? AND ?').pluck().all(lo, hi) as number[]);
      const levels = JSON.parse(this.stmt('SELECT rank_levels FROM search_assets WHERE seq = ?').pluck().get(seq) as string) as number[];
      for (const level of levels) this.stmt('DELETE FROM search_rank_fts WHERE rowid = ?').run(rankRowid(level, seq));
      this.stmt('DELETE FROM search_field_fts WHERE rowid = ?').run(seq);
      this.stmt('DELETE FROM search_asset_tags WHERE seq = ?').run(seq);
      this.stmt('DELETE FROM search_assets WHERE seq = ?').run(seq);
    })();
  }

  async search(query: IndexQuery): Promise<IndexResult> {
    const ast = parseQuery(query.q);
    const kinds = kindFilter(query.kinds);
    const cursor = decodeCursor(query.cursor, ast.terms.length);
    const ctx: SearchContext = {
      db: this.db, ast, kinds, segmentsOnly: (query.kinds?.length ?? 0) > 0, filter: assetFilter(query),
      segmentMatch: kindMatch(ast.terms, kinds), rangeMatch: kindMatch(indexedPrefixes(ast.terms), kinds), prefixChecks: longPrefixes(ast.terms), stage2Max: 400, limit: clamp(query.limit, 1, 200), moments: clamp(query.momentsPerAsset, 0, 50),
    };
    try {
      // One read transaction: every statement of the request sees the same snapshot (WAL).
      return this.db.transaction((): IndexResult => {
        const { plan, stage1 } = cursor ?? choosePlan(this.db, ast.terms, kinds, this.planner);
        const offset = cursor?.offset ?? 0;
        const page =
          plan === 'exact' ? exactPage(ctx, offset)
          : plan === 'recent' ? recentPage(ctx, offset)
          : twoStagePage(ctx, (stage1 ?? []).flatMap((i) => ast.terms[i] ?? []), offset);
        return { hits: page.hits, plan, nextCursor: page.next === null ? null : encodeCursor({ plan, offset: page.next, ...(plan === 'two_stage' ? { stage1 } : {}) }) };
      })();
    } catch (err) {
      // Every term reaches FTS5 quoted, so this is a safety net: an FTS5 complaint is the query's fault, not a 500.
      if (err instanceof Error && !(err instanceof AppError) && /fts5|MATCH/i.test(err.message)) {
        throw new AppError('search.query_invalid', 'The query cannot be searched', undefined, { cause: err });
      }
      throw err;
    }
  }

  /** Rebuilds the asset-level rows (search_rank_fts, search_field_fts) so stage 1 sees writes at once. */
  private syncAssetRow(seq: number, fieldsChanged: boolean): void {
    const [lo, hi] = seqRange(seq);
    const doc = this.stmt('SELECT title, description, tags, file_name, rank_levels FROM search_assets WHERE seq = ?').get(seq) as
      { title: string; description: string; tags: string; file_name: string; rank_levels: string };
    const fields = [doc.title, doc.description, (JSON.parse(doc.tags) as string[]).join('\n'), doc.file_name];
    const byKind = new Map<MomentKind, string[]>();
    for (const r of this.stmt('SELECT kind, text FROM search_segments WHERE id BETWEEN ? AND ?').all(lo, hi) as Array<{ kind: MomentKind; text: string }>) {
      const list = byKind.get(r.kind);
      if (list) list.push(r.text);
      else byKind.set(r.kind, [r.text]);
    }
    const rows = rankRows(fields, byKind);
    for (const level of JSON.parse(doc.rank_levels) as number[]) this.stmt('DELETE FROM search_rank_fts WHERE rowid = ?').run(rankRowid(level, seq));
    for (const row of rows) this.stmt(INSERT_RANK).run(rankRowid(row.level, seq), ...row.columns);
    this.stmt('UPDATE search_assets SET rank_levels = ? WHERE seq = ?').run(JSON.stringify(rows.map((r) => r.level)), seq);
    if (!fieldsChanged) return;
    this.stmt('DELETE FROM search_field_fts WHERE rowid = ?').run(seq);
    this.stmt('INSERT INTO search_field_fts (rowid, title, description, tags, file_name) VALUES (?, ?, ?, ?, ?)').run(seq, ...fields);
  }

  /** Renumbers an asset's rows from n = 0 when its rowid range would overflow; returns the next free n. */
  private compact(seq: number, incoming: number): number {
    const [lo, hi] = seqRange(seq);
    const rows = this.stmt('SELECT * FROM search_segments WHERE id BETWEEN ? AND ? ORDER BY id').all(lo, hi) as SegmentRow[];
    if (rows.length + incoming > SEQ_SPAN) throw new AppError('request.invalid', `An asset holds at most ${SEQ_SPAN} segments`);
    this.deleteSegments(rows.map((r) => r.id));
    rows.forEach((r, i) => this.insertSegment({ ...r, id: lo + i }));
    return rows.length;
  }

  /** The side row and its FTS row (text in its kind's column), always together. */
  private insertSegment(r: SegmentRow): void {
    this.stmt(INSERT_SEGMENT).run(r.id, r.source, r.kind, r.start_ms, r.end_ms, r.confidence, r.words, r.text);
    this.stmt(INSERT_SEGMENT_FTS).run(r.id, ...KINDS.map((k) => (k === r.kind ? r.text : null)));
  }

  private deleteSegments(ids: readonly number[]): void {
    for (const id of ids) {
      this.stmt('DELETE FROM search_segment_fts WHERE rowid = ?').run(id);
      this.stmt('DELETE FROM search_segments WHERE id = ?').run(id);
    }
  }

  async tokenCounts(tokens: readonly string[], filter: TokenFilter): Promise<Map<string, number>> {
    // The asset-level index holds each of an asset's stems in one row, in its kind's column: one row per
    // asset and token, where the segment index would give one per segment (phonetic tokens sit in most rows).
    const columns = kindFilter(filter.kinds) ?? KINDS;
    const seqs = this.stmt(`SELECT rowid % ${RANK_SPAN} FROM search_rank_fts WHERE search_rank_fts MATCH ?`).pluck();
    const bySeq = new Map<number, number>();
    for (const token of new Set(tokens)) {
      if (!token.trim()) continue;
      const holding = new Set(seqs.all(kindMatch([{ kind: 'word', text: token, words: [token] }], columns)) as number[]);
      for (const seq of holding) bySeq.set(seq, (bySeq.get(seq) ?? 0) + 1);
    }
    if (bySeq.size === 0) return new Map();
    const where = assetFilter(filter);
    // Newest first: equal counts then favour recent material, as the recency fallback does.
    const rows = this.stmt(`SELECT a.seq AS seq, a.asset_id AS assetId FROM json_each(?) j CROSS JOIN search_assets a ON a.seq = j.value
      WHERE 1${where.sql} ORDER BY a.seq DESC`).all(JSON.stringify([...bySeq.keys()]), ...where.params) as Array<{ seq: number; assetId: string }>;
    return new Map(rows.map((r) => [r.assetId, bySeq.get(r.seq) ?? 0]));
  }

  async segmentStamps(assetIds: readonly string[]): Promise<Map<string, string>> {
    if (assetIds.length === 0) return new Map();
    const rows = this.stmt(`SELECT a.asset_id AS assetId, a.segments_stamp AS stamp FROM json_each(?) j CROSS JOIN search_assets a ON a.asset_id = j.value
      WHERE a.segments_stamp IS NOT NULL`).all(JSON.stringify(assetIds)) as Array<{ assetId: string; stamp: string }>;
    return new Map(rows.map((r) => [r.assetId, r.stamp]));
  }

  private stmt(sql: string) {
    return stmt(this.db, sql);
  }
}

const clamp = (n: number, min: number, max: number): number => (Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min);

/**
 * `words` parsed on first read (an own enumerable property, so the segment still looks like plain
 * data): search reads whole assets' speech but needs the timings of a few rows (the window it narrows,
 * the words said under a phonetic match); parsing them all was a large part of a query's CPU (issue 14).
 */
function withWords(segment: Omit<Segment, 'words'>, raw: string | null): Segment {
  if (raw === null) return { ...segment, words: null };
  let parsed: Segment['words'] | undefined;
  return Object.defineProperty(segment, 'words', {
    enumerable: true,
    configurable: true,
    get: () => (parsed ??= JSON.parse(raw) as Segment['words']),
    set: (value: Segment['words']) => void (parsed = value),
  }) as Segment;
}
