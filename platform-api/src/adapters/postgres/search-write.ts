import type { MomentKind, Segment } from '@cutaway/shared';
import type pg from 'pg';
import type { AssetDoc } from '../../ports/search-index';
import { KINDS } from '../../rules/search-terms';
import { bagVector, fieldsVector, rankVector, segmentVector, stemCounts } from './search-lexemes';

/**
 * Row writing shared by PgSearchIndex and the bulk loader. Rows go in as column arrays through
 * unnest(): one statement per batch whatever its size, every value bound (docs/search.md "Writes":
 * COPY-like throughput without building SQL from data).
 */
type Db = Pick<pg.PoolClient, 'query'>;
type KindTexts = ReadonlyArray<{ kind: MomentKind; text: string }>;

/** Asset-level vectors made from segments: rank_tsv, then one bag per kind. */
const BAGS = ['rank', ...KINDS] as const;
const bagColumn = (b: string): string => `${b}_tsv`;
/** Each asset-level vector carries the asset's band token (search.migrations.ts, search-stage1.ts). */
const banded = (value: string): string => `${value}::tsvector || search_band(a.seq)`;

/** Bags are rebuilt exactly when segments were written: the stamp readers keep derived data by changes there (migration 230). */
const NEW_STAMP = 'segments_stamp = gen_random_uuid()::text';
// Creates missing rows (segments may arrive before the asset doc) and locks them for this transaction.
const ENSURE = `
  INSERT INTO search_assets (asset_id) SELECT unnest($1::text[])
  ON CONFLICT (asset_id) DO UPDATE SET asset_id = excluded.asset_id RETURNING seq, asset_id`;
const docsSql = (bags: boolean): string => `
  UPDATE search_assets a SET type = d.type, created_ms = d.created_ms, title = d.title, description = d.description,
    tags = ARRAY(SELECT json_array_elements_text(d.tags)), tags_lc = ARRAY(SELECT lower(json_array_elements_text(d.tags))),
    file_name = d.file_name, fields_tsv = ${banded('d.fields_tsv')}
    ${bags ? BAGS.map((b) => `, ${bagColumn(b)} = ${banded(`d.${b}`)}`).join('') + `, ${NEW_STAMP}` : ''}
  FROM unnest($1::int[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::json[], $7::text[], $8::text[]
    ${bags ? BAGS.map((_, i) => `, $${9 + i}::text[]`).join('') : ''})
    AS d (seq, type, created_ms, title, description, tags, file_name, fields_tsv${bags ? BAGS.map((b) => `, ${b}`).join('') : ''})
  WHERE a.seq = d.seq`;
const SET_BAGS = `
  UPDATE search_assets a SET ${BAGS.map((b) => `${bagColumn(b)} = ${banded(`d.${b}`)}`).join(', ')}, ${NEW_STAMP}
  FROM unnest($1::int[]${BAGS.map((_, i) => `, $${i + 2}::text[]`).join('')}) AS d (seq${BAGS.map((b) => `, ${b}`).join('')})
  WHERE a.seq = d.seq`;
// Vectors travel as text[] and are cast row by row: ~30% cheaper to bind than a tsvector[] parameter.
const INSERT_SEGMENTS = `
  INSERT INTO search_segments (asset_seq, start_ms, end_ms, kind, source, confidence, words, text, tsv)
  SELECT s.seq, s.start_ms, s.end_ms, s.kind, s.source, s.confidence, s.words, s.text, s.tsv::tsvector
  FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::json[], $8::text[], $9::text[])
    AS s (seq, start_ms, end_ms, kind, source, confidence, words, text, tsv)`;

/** Column arrays for unnest(), one row at a time. */
function columns(width: number): { cols: unknown[][]; push: (row: unknown[]) => void } {
  const cols: unknown[][] = Array.from({ length: width }, () => []);
  return { cols, push: (row) => row.forEach((v, i) => cols[i]!.push(v)) };
}

/** rank_tsv, then one bag per kind, in BAGS order. */
function bagsOf(texts: KindTexts): string[] {
  const perKind = KINDS.map((k) => stemCounts(texts.flatMap((t) => (t.kind === k ? [t.text] : []))));
  const all = new Map<string, number>();
  for (const counts of perKind) for (const [lexeme, n] of counts) all.set(lexeme, (all.get(lexeme) ?? 0) + n);
  return [rankVector(all), ...perKind.map(bagVector)];
}

/** The seq of each asset id, creating bare rows for new ones; returns asset id → seq. */
export async function ensureAssets(db: Db, assetIds: readonly string[]): Promise<Map<string, number>> {
  // Sorted: concurrent batches lock their rows in the same order and cannot deadlock.
  const { rows } = await db.query<{ seq: number; asset_id: string }>(ENSURE, [[...new Set(assetIds)].sort()]);
  return new Map(rows.map((r) => [r.asset_id, r.seq]));
}

/** Writes asset docs (and their bags when `texts` gives each asset's segment texts); returns asset id → seq. */
export async function upsertAssets(db: Db, docs: readonly AssetDoc[], texts?: (doc: AssetDoc) => KindTexts): Promise<Map<string, number>> {
  const seqs = await ensureAssets(db, docs.map((d) => d.assetId));
  const { cols, push } = columns(8 + (texts ? BAGS.length : 0));
  for (const d of docs) {
    const created = Date.parse(d.createdAt);
    const tags = uniqueTags(d.tags);
    push([seqs.get(d.assetId), d.type, Number.isNaN(created) ? null : created, d.title, d.description, JSON.stringify(tags), d.fileName,
      fieldsVector({ ...d, tags }), ...(texts ? bagsOf(texts(d)) : [])]);
  }
  await db.query(docsSql(texts !== undefined), cols);
  return seqs;
}

export const uniqueTags = (tags: readonly string[]): string[] => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** Inserts segments, each into its asset's seq. */
export async function insertSegments(db: Db, rows: ReadonlyArray<{ seq: number; segment: Segment }>): Promise<void> {
  if (rows.length === 0) return;
  const { cols, push } = columns(9);
  for (const { seq, segment: s } of rows) {
    push([seq, s.startMs, s.endMs, s.kind, s.source, s.confidence ?? null, s.words ? JSON.stringify(s.words) : null, s.text, segmentVector(s.text, s.kind)]);
  }
  await db.query(INSERT_SEGMENTS, cols);
}

/** Rebuilds one asset's bags from its stored segments, so stage 1 sees a write at once. */
export async function syncBags(db: Db, seq: number): Promise<void> {
  const { rows } = await db.query<{ kind: MomentKind; text: string }>('SELECT kind, text FROM search_segments WHERE asset_seq = $1', [seq]);
  await db.query(SET_BAGS, [[seq], ...bagsOf(rows).map((v) => [v])]);
}

/** Runs `fn` in a transaction on one pooled connection. */
export async function inTransaction<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
