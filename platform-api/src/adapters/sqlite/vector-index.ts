import { AppError, type MomentKind } from '@cutaway/shared';
import type { VectorHit, VectorIndex, VectorItem, VectorSearchOptions } from '../../ports/vector-index';
import type { SqliteDb } from './database';
import { VectorCache, type ApproximateOptions } from './vector-index-cache';
import { unit } from '../common/vector-math';
import { kindMask } from '../common/vector-matrix';

export interface SqliteVectorIndexOptions {
  /** The embedder's identity, e.g. `${engine}/${model}`; vectors of other models are kept apart. */
  model: string;
  dimensions: number;
  /** When to switch unrestricted searches to IVF (default: above 150,000 vectors). */
  approximate?: Partial<ApproximateOptions>;
  /** Writes remembered in vector_changes for other connections to catch up from (default 5,000). */
  changeLogKeep?: number;
}

interface ItemRow {
  asset_id: string;
  source: string;
  kind: MomentKind;
  start_ms: number;
  end_ms: number;
  vector: Buffer;
}

const ROWS = 'SELECT asset_id, source, kind, start_ms, end_ms, vector FROM vector_items WHERE model_id = ?';

/**
 * VectorIndex on SQLite: unit float32 BLOBs in vector_items (vector.migrations.ts), searched from
 * an in-memory copy of the current model's vectors (2 KiB per 512-d vector).
 *
 * Exact brute force up to `approximate.above` (150k) vectors, IVF beyond, as docs/search.md advises.
 * bench/vectors.bench.ts (512-d, k = 10, CPU ms per query on the shared 2-core box): an exact
 * JS scan costs ~0.7 ms per 1,000 vectors (63–74 ms at 100k, 725 ms at 1M), ~3× docs/search.md's
 * native figure, so the switch comes earlier than its "few hundred thousand": ~100 ms. IVF
 * (√n lists, 3–8% probed) cut that 6–17× (4–11 ms at 100k, 48–110 ms at 1M), but its recall@10
 * depends on the data: 0.99–1.0 when topics nest in broader themes, 0.55–0.86 when they are
 * unrelated; and training + filing in JS take ~1 min at 100k and ~16 min at 1M of background
 * CPU (built in 10 ms slices; exact until ready). A candidate restriction (`assetIds` from the
 * filters or the lexical stage) is always scanned exactly: 200 assets ≈ 20k vectors ≈ 15 ms at
 * any size, the path to prefer. Past ~1M vectors the copy itself (2 GiB) is the limit.
 *
 * This instance patches the copy with its own writes; writes by other connections or processes
 * show up as a new vector_state.version, and the next search re-reads just the assets listed in
 * vector_changes since (or everything, when the log no longer reaches back that far: 3.5–5 s
 * per 100k vectors).
 */
export class SqliteVectorIndex implements VectorIndex {
  readonly model: string;
  readonly dimensions: number;
  private readonly modelId: number;
  private readonly approx: ApproximateOptions;
  private readonly keep: number;
  private cache: VectorCache | null = null;

  constructor(
    private readonly db: SqliteDb,
    opts: SqliteVectorIndexOptions,
  ) {
    if (!Number.isInteger(opts.dimensions) || opts.dimensions <= 0) {
      throw new AppError('config.invalid', `Vector dimensions must be a positive integer, got ${opts.dimensions}`);
    }
    this.model = opts.model;
    this.dimensions = opts.dimensions;
    this.approx = { above: 150_000, ...opts.approximate };
    this.keep = Math.max(1, opts.changeLogKeep ?? 5_000);
    this.modelId = db
      .prepare(`INSERT INTO vector_models (model, dims, created_at) VALUES (?, ?, ?) ON CONFLICT (model, dims) DO UPDATE SET model = excluded.model RETURNING id`)
      .pluck()
      .get(opts.model, opts.dimensions, new Date().toISOString()) as number;
  }

  async upsert(assetId: string, source: string, items: VectorItem[]): Promise<void> {
    items.forEach((item, i) => this.checkLength(item.vector, `items[${i}].vector`));
    const rows = items.map((item) => ({ source, kind: item.kind, startMs: item.startMs, endMs: item.endMs, vector: unit(item.vector) }));
    const version = this.db.transaction(() => {
      // Every model's rows for this asset + source go: re-embedding with a new model migrates it.
      this.db.prepare('DELETE FROM vector_items WHERE asset_id = ? AND source = ?').run(assetId, source);
      const insert = this.db.prepare('INSERT INTO vector_items (model_id, asset_id, source, kind, start_ms, end_ms, vector) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(this.modelId, assetId, source, r.kind, r.startMs, r.endMs, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength));
      return this.logChange(assetId);
    })();
    this.patch(version, (c) => {
      c.remove(assetId, source);
      for (const r of rows) c.add(assetId, r);
    });
  }

  async deleteAsset(assetId: string): Promise<void> {
    const version = this.db.transaction(() => {
      this.db.prepare('DELETE FROM vector_items WHERE asset_id = ?').run(assetId);
      return this.logChange(assetId);
    })();
    this.patch(version, (c) => c.remove(assetId));
  }

  async search(query: Float32Array, options: VectorSearchOptions): Promise<VectorHit[]> {
    this.checkLength(query, 'query');
    if (options.k <= 0 || options.assetIds?.length === 0 || options.kinds?.length === 0) return [];
    const cache = this.fresh();
    return cache.search(unit(query), Math.floor(options.k), kindMask(options.kinds), options.assetIds).map(([slot, score]) => {
      const { assetId, kind, startMs, endMs } = cache.matrix.info(slot);
      return { assetId, startMs, endMs, kind, score };
    });
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM vector_items WHERE model_id = ?').pluck().get(this.modelId) as number;
  }

  /** Loads the copy now (not on the first search) and, past the threshold, waits for the IVF index. */
  async warmUp(): Promise<void> {
    await this.fresh().ready();
  }

  /** Assets holding vectors of another model or size: re-embed them to make them searchable again. */
  staleAssetIds(): string[] {
    return this.db.prepare('SELECT DISTINCT asset_id FROM vector_items WHERE model_id <> ? ORDER BY asset_id').pluck().all(this.modelId) as string[];
  }

  private checkLength(v: Float32Array, what: string): void {
    if (!(v instanceof Float32Array) || v.length !== this.dimensions) {
      throw new AppError('request.invalid', `${what} must be a Float32Array of ${this.dimensions} values (model ${this.model})`, {
        expected: this.dimensions,
        got: (v as { length?: number } | null)?.length ?? null,
      });
    }
  }

  /** Inside the write transaction: next version, logged with the asset it touched. */
  private logChange(assetId: string): number {
    const version = this.db.prepare('UPDATE vector_state SET version = version + 1 WHERE id = 1 RETURNING version').pluck().get() as number;
    this.db.prepare('INSERT INTO vector_changes (version, asset_id) VALUES (?, ?)').run(version, assetId);
    this.db.prepare('DELETE FROM vector_changes WHERE version <= ?').run(version - this.keep);
    return version;
  }

  /** Applies our own committed write to the copy if it was current; otherwise the next search catches up. */
  private patch(version: number, change: (c: VectorCache) => void): void {
    const c = this.cache;
    if (!c || c.version !== version - 1) return;
    change(c);
    c.version = version;
    c.tidy();
  }

  /** The copy at the current version: as is, caught up asset by asset, or reloaded whole. */
  private fresh(): VectorCache {
    return this.db.transaction(() => {
      const version = this.db.prepare('SELECT version FROM vector_state WHERE id = 1').pluck().get() as number;
      const c = this.cache;
      if (c?.version === version) return c;
      if (c) {
        const oldest = this.db.prepare('SELECT min(version) FROM vector_changes').pluck().get() as number | null;
        if (oldest !== null && oldest <= c.version + 1) {
          const assets = this.db.prepare('SELECT DISTINCT asset_id FROM vector_changes WHERE version > ?').pluck().all(c.version) as string[];
          const rows = this.db.prepare(`${ROWS} AND asset_id = ? ORDER BY id`);
          for (const a of assets) {
            c.remove(a);
            for (const r of rows.iterate(this.modelId, a) as IterableIterator<ItemRow>) c.add(a, this.decode(r));
          }
          c.version = version;
          c.tidy();
          return c;
        }
        c.dispose();
      }
      const count = this.db.prepare('SELECT count(*) FROM vector_items WHERE model_id = ?').pluck().get(this.modelId) as number;
      const next = new VectorCache(this.dimensions, version, this.approx, count);
      for (const r of this.db.prepare(`${ROWS} ORDER BY id`).iterate(this.modelId) as IterableIterator<ItemRow>) next.add(r.asset_id, this.decode(r));
      this.cache = next;
      return next;
    })();
  }

  private decode(r: ItemRow): { source: string; kind: MomentKind; startMs: number; endMs: number; vector: Float32Array } {
    const vector = new Float32Array(this.dimensions);
    new Uint8Array(vector.buffer).set(r.vector); // a copy: the Buffer's offset need not be 4-byte aligned
    return { source: r.source, kind: r.kind, startMs: r.start_ms, endMs: r.end_ms, vector };
  }
}
