import type pg from 'pg';
import { AppError } from '@cutaway/shared/errors';
import type { VectorHit, VectorIndex, VectorItem, VectorSearchOptions } from '../../ports/vector-index';
// Adapter-neutral scan helpers shared with the SQLite adapter, so both rank identically.
import { unit } from '../common/vector-math';
import { KINDS, kindMask } from '../common/vector-matrix';
import type { PgPool } from './database';
import { PgVectorCache } from './vector-index-cache';
import { encodeVector, isFiniteVector } from './vector-index-codec';

export interface PgVectorIndexOptions {
  /** The embedder's identity, e.g. `${engine}/${model}`; vectors of other models are kept apart. */
  model: string;
  dimensions: number;
  /** Change-log entries kept for other processes to catch up from (default 10,000); one further behind reloads everything. */
  changeLogKeep?: number;
}

/** Rows per INSERT: keeps each statement's parameters (≈ 2 KiB per 512-d vector) a few MiB. */
const INSERT_ROWS = 1_000;

/**
 * VectorIndex on PostgreSQL without pgvector: vectors are float32 BYTEA rows, searched by an
 * exact cosine top-k over an in-memory matrix (PgVectorCache) that every process sharing the
 * database keeps current through `vector_state.version` and the `vector_changes` log.
 * Writes to one asset are serialised by an advisory lock, so a replace is never interleaved
 * with another. Needs `pgVectorMigrations` applied to the pool's schema.
 */
export class PgVectorIndex implements VectorIndex {
  readonly model: string;
  readonly dimensions: number;
  private readonly keep: number;
  private readonly cache: PgVectorCache;
  private modelRow: Promise<number> | undefined;

  constructor(
    private readonly pool: PgPool,
    options: PgVectorIndexOptions,
  ) {
    if (!Number.isSafeInteger(options.dimensions) || options.dimensions <= 0) {
      throw new AppError('config.invalid', `Vector dimensions must be a positive integer, got ${options.dimensions}`);
    }
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.keep = Math.max(1, options.changeLogKeep ?? 10_000);
    this.cache = new PgVectorCache(pool, this.dimensions, () => this.modelId());
  }

  async upsert(assetId: string, source: string, items: VectorItem[]): Promise<void> {
    // Everything is checked before anything is written: a bad item leaves the old vectors in place.
    items.forEach((item, i) => this.check(item, i));
    // Stored at unit length, as SQLite does: the bytes are then the same in both adapters.
    const vectors = items.map((item) => encodeVector(unit(item.vector)));
    const modelId = await this.modelId();
    await this.write(assetId, async (client) => {
      // Every model's rows for this asset + source go: re-embedding with a new model migrates it.
      const removed = await client.query('DELETE FROM vector_items WHERE asset_id = $1 AND source = $2', [assetId, source]);
      for (let i = 0; i < items.length; i += INSERT_ROWS) {
        const batch = items.slice(i, i + INSERT_ROWS);
        const bytes = vectors.slice(i, i + INSERT_ROWS);
        await client.query(
          `INSERT INTO vector_items (model_id, asset_id, source, kind, start_ms, end_ms, vector)
           SELECT $1, $2, $3, t.kind, t.start_ms, t.end_ms, t.vector
           FROM unnest($4::text[], $5::bigint[], $6::bigint[], $7::bytea[]) AS t(kind, start_ms, end_ms, vector)`,
          [modelId, assetId, source, batch.map((x) => x.kind), batch.map((x) => x.startMs), batch.map((x) => x.endMs), bytes],
        );
      }
      return (removed.rowCount ?? 0) > 0 || items.length > 0;
    });
  }

  async deleteAsset(assetId: string): Promise<void> {
    // Every model's vectors: the asset itself is gone.
    await this.write(assetId, async (client) => ((await client.query('DELETE FROM vector_items WHERE asset_id = $1', [assetId])).rowCount ?? 0) > 0);
  }

  async search(query: Float32Array, options: VectorSearchOptions): Promise<VectorHit[]> {
    this.checkVector(query, 'query');
    const k = Math.floor(options.k);
    // An empty candidate or kind list leaves nothing to scan (as in SQLite), not everything.
    if (!(k > 0) || options.assetIds?.length === 0 || options.kinds?.length === 0) return [];
    const m = await this.cache.current();
    // From here on everything is synchronous: no refresh can change the matrix mid-scan.
    return m.best(unit(query), k, kindMask(options.kinds), options.assetIds).map(([slot, score]) => {
      const { assetId, startMs, endMs, kind } = m.info(slot);
      // Float rounding can land a hair outside the cosine range.
      return { assetId, startMs, endMs, kind, score: Math.max(-1, Math.min(1, score)) };
    });
  }

  async count(): Promise<number> {
    const modelId = await this.modelId();
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM vector_items WHERE model_id = $1', [modelId]);
    return Number(rows[0]!.n);
  }

  /** Assets holding vectors of another model or size: re-embed them to make them searchable again. */
  async staleAssetIds(): Promise<string[]> {
    const modelId = await this.modelId();
    const { rows } = await this.pool.query<{ asset_id: string }>('SELECT DISTINCT asset_id FROM vector_items WHERE model_id <> $1 ORDER BY asset_id', [modelId]);
    return rows.map((r) => r.asset_id);
  }

  private check(item: VectorItem, i: number): void {
    this.checkVector(item.vector, `items[${i}].vector`);
    // A row of unknown kind would be stored but never searchable (the cache cannot file it).
    if (!KINDS.includes(item.kind)) throw new AppError('request.invalid', `items[${i}] has an unknown kind`, { kind: item.kind });
    // Checked here rather than left to the BIGINT columns, whose error would be a raw driver one.
    if (!Number.isSafeInteger(item.startMs) || !Number.isSafeInteger(item.endMs)) {
      throw new AppError('request.invalid', `items[${i}] needs integer millisecond times`, { startMs: item.startMs, endMs: item.endMs });
    }
  }

  private checkVector(v: Float32Array, what: string): void {
    if (!(v instanceof Float32Array) || v.length !== this.dimensions) {
      throw new AppError('request.invalid', `${what} must be a Float32Array of ${this.dimensions} values (model ${this.model})`, {
        expected: this.dimensions,
        got: (v as Float32Array | undefined)?.length ?? null,
      });
    }
    // A NaN or Infinity would poison every score it meets.
    if (!isFiniteVector(v)) throw new AppError('request.invalid', `${what} has a non-finite component (model ${this.model})`);
  }

  /** The id of this (model, dims), registered on first use; a failed attempt is retried next call. */
  private modelId(): Promise<number> {
    this.modelRow ??= (async () => {
      // Two statements, not one CTE: the SELECT must see a row a concurrent process just committed.
      await this.pool.query('INSERT INTO vector_models (model, dims) VALUES ($1, $2) ON CONFLICT (model, dims) DO NOTHING', [this.model, this.dimensions]);
      const { rows } = await this.pool.query<{ id: number }>('SELECT id FROM vector_models WHERE model = $1 AND dims = $2', [this.model, this.dimensions]);
      return rows[0]!.id;
    })().catch((err: unknown) => {
      this.modelRow = undefined;
      throw err;
    });
    return this.modelRow;
  }

  /**
   * One write transaction on `assetId`. When `body` changed anything, the version is bumped last:
   * the row lock on vector_state is then held only for the commit, and versions follow commit order.
   */
  private async write(assetId: string, body: (client: pg.PoolClient) => Promise<boolean>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':vectors'), hashtext($1))", [assetId]);
      if (await body(client)) {
        const { rows } = await client.query<{ version: string }>(
          `WITH bumped AS (UPDATE vector_state SET version = version + 1 WHERE id = 1 RETURNING version)
           INSERT INTO vector_changes (version, asset_id) SELECT version, $1 FROM bumped RETURNING version`,
          [assetId],
        );
        const version = Number(rows[0]!.version);
        // Pruned in steps of a tenth of what is kept, so most writes skip it.
        if (version % Math.max(1, Math.floor(this.keep / 10)) === 0 && version > this.keep) {
          await client.query('DELETE FROM vector_changes WHERE version <= $1', [version - this.keep]);
          await client.query('UPDATE vector_state SET pruned_through = $1 WHERE id = 1', [version - this.keep]);
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
