import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import { openPostgres, type PgPool } from '../../src/adapters/postgres/database';
import { PgVectorIndex } from '../../src/adapters/postgres/vector-index';
import { pgVectorMigrations } from '../../src/adapters/postgres/vector.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';

const vec = (...xs: number[]) => Float32Array.from([...xs, ...Array<number>(4 - xs.length).fill(0)]);
const item = (startMs: number, vector: Float32Array) => ({ startMs, endMs: startMs + 500, kind: 'speech' as const, vector });

describe.skipIf(!PG_URL)(`PgVectorIndex specifics${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>>;
  let otherPool: PgPool;
  const open = (model = 'm', dimensions = 4, changeLogKeep?: number, pool = db.pool) =>
    new PgVectorIndex(pool, { model, dimensions, ...(changeLogKeep ? { changeLogKeep } : {}) });
  const version = async () => Number((await db.pool.query<{ version: string }>('SELECT version FROM vector_state')).rows[0]!.version);

  beforeEach(async () => {
    db = await tempPgSchema(pgVectorMigrations);
    otherPool = openPostgres(db.url, { schema: db.schema, max: 5 });
  });
  afterEach(async () => {
    await otherPool.end();
    await db.drop();
  });

  it('stores unit float32 little-endian BYTEA and records the model and its dimensions', async () => {
    await open().upsert('a', 'asr', [item(0, vec(3, 4))]);
    const { rows } = await db.pool.query<{ vector: Buffer; model: string; dims: number }>(
      'SELECT i.vector, m.model, m.dims FROM vector_items i JOIN vector_models m ON m.id = i.model_id',
    );
    expect(rows).toHaveLength(1);
    const { vector, model, dims } = rows[0]!;
    expect([vector.length, model, dims]).toEqual([16, 'm', 4]);
    expect([vector.readFloatLE(0), vector.readFloatLE(4)]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(await open().search(vec(0, 1), { k: 1 })).toEqual([{ assetId: 'a', startMs: 0, endMs: 500, kind: 'speech', score: expect.closeTo(0.8, 5) }]);
  });

  it('keeps vectors of another model apart and lists their assets for re-embedding', async () => {
    const old = open('old', 4);
    await old.upsert('a', 'asr', [item(0, vec(1))]);
    await old.upsert('b', 'asr', [item(0, vec(1))]);
    const next = open('new', 3);
    expect(await next.count()).toBe(0);
    expect(await next.staleAssetIds()).toEqual(['a', 'b']);
    await next.upsert('a', 'asr', [item(0, Float32Array.of(0, 0, 1))]);
    expect(await next.staleAssetIds()).toEqual(['b']);
    expect(await next.search(Float32Array.of(0, 0, 1), { k: 5 })).toHaveLength(1);
    expect(await old.count()).toBe(1);
    expect((await old.search(vec(1), { k: 5 })).map((h) => h.assetId)).toEqual(['b']);
  });

  it('rejects bad items before writing anything, and writes that change nothing leave the version alone', async () => {
    const index = open();
    await index.upsert('a', 'asr', [item(0, vec(1))]);
    const before = await version();
    const bad = async (p: Promise<unknown>) => expect(isAppError(await p.then(() => null, (e: unknown) => e), 'request.invalid')).toBe(true);
    await bad(index.upsert('a', 'asr', [item(0, vec(1)), item(1000, vec(Number.NaN))]));
    await bad(index.upsert('a', 'asr', [{ ...item(0, vec(1)), startMs: 1.5 }]));
    await bad(index.search(vec(Number.POSITIVE_INFINITY), { k: 1 }));
    await index.deleteAsset('never-seen');
    await index.upsert('b', 'asr', []);
    expect(await version()).toBe(before);
    expect((await index.search(vec(1), { k: 5 })).map((h) => h.assetId)).toEqual(['a']);
  });

  it('serialises concurrent replacements of one asset + source: the last one wins whole', async () => {
    const [x, y] = [open(), open('m', 4, undefined, otherPool)];
    await Promise.all(
      Array.from({ length: 10 }, (_, n) => (n % 2 ? x : y).upsert('a', 'asr', Array.from({ length: 5 }, (_, i) => item(i * 1000 + n, vec(1, n))))),
    );
    // Without the per-asset lock two writers each delete nothing and both insert: 10 rows, or more.
    expect(await x.count()).toBe(5);
    const starts = (await x.search(vec(1), { k: 10 })).map((h) => h.startMs % 1000);
    expect(new Set(starts).size).toBe(1);
  });

  it('reloads everything when it fell behind the pruned change log', async () => {
    const writer = open('m', 4, 3, otherPool);
    const reader = open();
    await writer.upsert('a', 'asr', [item(0, vec(1))]);
    expect(await reader.search(vec(1), { k: 5 })).toHaveLength(1);
    for (let n = 0; n < 12; n++) await writer.upsert(`asset-${n}`, 'asr', [item(0, vec(1, n))]);
    await writer.deleteAsset('a');
    const { rows } = await db.pool.query<{ pruned: string; kept: string }>('SELECT pruned_through AS pruned, (SELECT count(*) FROM vector_changes) AS kept FROM vector_state');
    expect(Number(rows[0]!.pruned)).toBeGreaterThan(1); // the reader's version (1) is gone from the log
    expect(Number(rows[0]!.kept)).toBeLessThanOrEqual(6);
    const hits = await reader.search(vec(1), { k: 20 });
    expect(hits.map((h) => h.assetId)).toEqual(Array.from({ length: 12 }, (_, n) => `asset-${n}`));
  });

  it('stays exact through many replacements seen one by one (dead slots compacted)', async () => {
    const writer = open('m', 4, undefined, otherPool);
    const reader = open();
    for (let round = 0; round < 15; round++) {
      for (let a = 0; a < 10; a++) {
        const items = Array.from({ length: 20 }, (_, i) => item(i * 1000, vec(Math.cos(round + a + i), Math.sin(round + a + i), a, round)));
        await writer.upsert(`asset-${a}`, 'asr', items);
      }
      await reader.search(vec(1), { k: 1 }); // take each round through the per-asset refresh
    }
    const q = vec(0.3, -0.2, 4, 14);
    expect(await reader.count()).toBe(200);
    expect(await reader.search(q, { k: 20 })).toEqual(await open().search(q, { k: 20 }));
  });
});
