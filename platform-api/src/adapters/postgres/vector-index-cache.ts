import type pg from 'pg';
import type { MomentKind } from '@cutaway/shared';
// The matrix is plain in-memory code shared with the SQLite adapter, so both scan identically.
import { KINDS, VectorMatrix } from '../common/vector-matrix';
import type { PgPool } from './database';
import { decodeVector } from './vector-index-codec';

/** Rows per page of a full load: bounds the memory of one result set (≈ 2 KiB per 512-d row). */
const PAGE_ROWS = 2_000;
/** Past this many changed assets, one full load is cheaper than many per-asset lookups. */
const MAX_INCREMENTAL_ASSETS = 2_000;

interface ItemRow {
  id: string;
  asset_id: string;
  source: string;
  kind: string;
  start_ms: string;
  end_ms: string;
  vector: Buffer;
}

const COLUMNS = 'id, asset_id, source, kind, start_ms, end_ms, vector';
const KNOWN_KINDS = new Set<string>(KINDS);

/**
 * This process's copy of one model's vectors, kept in step with the database that several API
 * processes share. Every read first compares `vector_state.version` (one primary-key row) with
 * the version the copy was built at; only when it moved does a refresh run, in a REPEATABLE READ
 * snapshot so the version, the change log and the rows it reads agree. The refresh reloads just
 * the assets the change log names since the copy's version, or everything when the log no longer
 * reaches back that far. Rows are fetched first and applied in one synchronous step, so a
 * search running meanwhile never sees an asset half replaced.
 */
export class PgVectorCache {
  private matrix: VectorMatrix;
  /** Version the matrix reflects; -1 before the first load. */
  private version = -1;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly pool: PgPool,
    private readonly dims: number,
    private readonly modelId: () => Promise<number>,
  ) {
    this.matrix = new VectorMatrix(dims, 16);
  }

  /** The matrix, at least as new as every write committed before this call. */
  async current(): Promise<VectorMatrix> {
    const modelId = await this.modelId();
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM vector_state WHERE id = 1');
    const seen = Number(rows[0]!.version);
    // A version below ours means the table was reset (a restore): start again from scratch.
    if (seen < this.version) this.version = -1;
    // A refresh already running may have taken its snapshot before `seen` committed: then run another.
    while (this.version < seen) {
      this.pending ??= this.refresh(modelId).finally(() => (this.pending = undefined));
      await this.pending;
    }
    return this.matrix;
  }

  private async refresh(modelId: number): Promise<void> {
    const client = await this.pool.connect();
    let apply: () => void;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const state = (await client.query<{ version: string; pruned_through: string }>('SELECT version, pruned_through FROM vector_state WHERE id = 1')).rows[0]!;
      const version = Number(state.version);
      const from = this.version;
      let changed: string[] | null = null;
      if (from >= 0 && from >= Number(state.pruned_through) && version >= from) {
        const res = await client.query<{ asset_id: string }>('SELECT DISTINCT asset_id FROM vector_changes WHERE version > $1', [from]);
        if (res.rows.length <= MAX_INCREMENTAL_ASSETS) changed = res.rows.map((r) => r.asset_id);
      }
      apply = changed ? await this.loadAssets(client, modelId, version, changed) : await this.loadAll(client, modelId, version);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    apply();
  }

  /** Every row of the model, paged by id, into a new matrix swapped in at the end. */
  private async loadAll(client: pg.PoolClient, modelId: number, version: number): Promise<() => void> {
    const total = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM vector_items WHERE model_id = $1', [modelId])).rows[0]!.n);
    const next = new VectorMatrix(this.dims, Math.max(16, total));
    for (let after = '0'; ; ) {
      const { rows } = await client.query<ItemRow>(`SELECT ${COLUMNS} FROM vector_items WHERE model_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [modelId, after, PAGE_ROWS]);
      for (const row of rows) this.add(next, row);
      if (rows.length < PAGE_ROWS) break;
      after = rows[rows.length - 1]!.id;
    }
    return () => {
      this.matrix = next;
      this.version = version;
    };
  }

  /** The current rows of the changed assets, replacing whatever the matrix holds for them. */
  private async loadAssets(client: pg.PoolClient, modelId: number, version: number, assetIds: string[]): Promise<() => void> {
    const rows: ItemRow[] = [];
    for (let i = 0; i < assetIds.length; i += 500) {
      const batch = assetIds.slice(i, i + 500);
      rows.push(...(await client.query<ItemRow>(`SELECT ${COLUMNS} FROM vector_items WHERE model_id = $1 AND asset_id = ANY($2::text[]) ORDER BY id`, [modelId, batch])).rows);
    }
    return () => {
      const m = this.matrix;
      for (const id of assetIds) m.remove(id);
      for (const row of rows) this.add(m, row);
      if (m.fragmented) m.compact();
      this.version = version;
    };
  }

  private add(m: VectorMatrix, row: ItemRow): void {
    const vector = decodeVector(row.vector, this.dims);
    // Rows this code cannot place (a kind from a newer release, a foreign length) are left out
    // rather than filed under the wrong kind or failing every search.
    if (!vector || !KNOWN_KINDS.has(row.kind)) return;
    m.add({ assetId: row.asset_id, source: row.source, kind: row.kind as MomentKind, startMs: Number(row.start_ms), endMs: Number(row.end_ms) }, vector);
  }
}
