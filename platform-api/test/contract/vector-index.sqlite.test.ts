import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { SqliteVectorIndex } from '../../src/adapters/sqlite/vector-index';
import { IvfIndex } from '../../src/adapters/sqlite/vector-index-ivf';
import { VectorMatrix } from '../../src/adapters/common/vector-matrix';
import { vectorMigrations } from '../../src/adapters/sqlite/vector.migrations';
import { runVectorIndexContract } from './vector-index.contract';

// ALL_MIGRATIONS may or may not include the vector list yet: add it once.
const MIGRATIONS = [...ALL_MIGRATIONS, ...vectorMigrations.filter((v) => !ALL_MIGRATIONS.some((m) => m.id === v.id))];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real catalog file in a temp dir (WAL, as in production), never :memory:. */
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-vectors-'));
  dirs.push(dir);
  return join(dir, 'catalog.db');
}
function open(path: string): SqliteDb {
  const db = openSqlite(path);
  migrate(db, MIGRATIONS);
  return db;
}

runVectorIndexContract('sqlite file', async (dims) => {
  const db = open(tempFile());
  return { index: new SqliteVectorIndex(db, { model: 'test/model', dimensions: dims }), close: async () => void db.close() };
});

const vec = (...xs: number[]) => Float32Array.from([...xs, ...Array<number>(4 - xs.length).fill(0)]);
const item = (startMs: number, vector: Float32Array) => ({ startMs, endMs: startMs + 500, kind: 'speech' as const, vector });

describe('SqliteVectorIndex specifics', () => {
  let path: string;
  let db: SqliteDb;
  beforeEach(() => {
    path = tempFile();
    db = open(path);
  });
  afterEach(() => db.close());

  it('stores unit float32 little-endian BLOBs that survive a reopen', async () => {
    await new SqliteVectorIndex(db, { model: 'm', dimensions: 4 }).upsert('a', 'asr', [item(0, vec(3, 4))]);
    const blob = db.prepare('SELECT vector FROM vector_items').pluck().get() as Buffer;
    expect(blob.length).toBe(16);
    expect([blob.readFloatLE(0), blob.readFloatLE(4)]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    db.close();
    db = open(path);
    const hits = await new SqliteVectorIndex(db, { model: 'm', dimensions: 4 }).search(vec(0, 1), { k: 1 });
    expect(hits).toEqual([{ assetId: 'a', startMs: 0, endMs: 500, kind: 'speech', score: expect.closeTo(0.8, 5) }]);
  });

  it.each([5000, 1])('sees writes made through another connection (change log of %i)', async (changeLogKeep) => {
    const mine = new SqliteVectorIndex(db, { model: 'm', dimensions: 4, changeLogKeep });
    await mine.upsert('a', 'asr', [item(0, vec(1))]);
    expect(await mine.search(vec(1), { k: 5 })).toHaveLength(1); // loads the in-memory copy
    const other = open(path);
    try {
      const theirs = new SqliteVectorIndex(other, { model: 'm', dimensions: 4, changeLogKeep });
      await theirs.upsert('b', 'asr', [item(0, vec(1, 1))]);
      await mine.upsert('c', 'asr', [item(0, vec(0, 1))]); // interleaved: mine must not patch a stale copy
      await theirs.deleteAsset('a');
    } finally {
      other.close();
    }
    expect((await mine.search(vec(1), { k: 5 })).map((h) => h.assetId)).toEqual(['b', 'c']);
  });

  it('keeps vectors of another model apart and lists their assets for re-embedding', async () => {
    const old = new SqliteVectorIndex(db, { model: 'old', dimensions: 4 });
    await old.upsert('a', 'asr', [item(0, vec(1))]);
    await old.upsert('b', 'asr', [item(0, vec(1))]);
    const next = new SqliteVectorIndex(db, { model: 'new', dimensions: 3 });
    expect(await next.count()).toBe(0);
    expect(next.staleAssetIds()).toEqual(['a', 'b']);
    await next.upsert('a', 'asr', [item(0, Float32Array.of(0, 0, 1))]);
    expect(next.staleAssetIds()).toEqual(['b']);
    expect(await next.search(Float32Array.of(0, 0, 1), { k: 5 })).toHaveLength(1);
    expect(await old.count()).toBe(1);
  });

  it('stays exact through many replacements (dead slots compacted)', async () => {
    const index = new SqliteVectorIndex(db, { model: 'm', dimensions: 4 });
    await index.search(vec(1), { k: 1 }); // load the copy first so every write patches it
    for (let round = 0; round < 30; round++) {
      for (let a = 0; a < 10; a++) {
        const items = Array.from({ length: 20 }, (_, i) => item(i * 1000, vec(Math.cos(round + a + i), Math.sin(round + a + i), a, round)));
        await index.upsert(`asset-${a}`, 'asr', items);
      }
    }
    const fresh = new SqliteVectorIndex(db, { model: 'm', dimensions: 4 });
    const q = vec(0.3, -0.2, 4, 29);
    expect(await index.count()).toBe(200);
    expect(await index.search(q, { k: 20 })).toEqual(await fresh.search(q, { k: 20 }));
  });

  it('switches unrestricted searches to IVF past the threshold, kept in step with writes', async () => {
    // Probing every list makes IVF exact, so its answers must equal a plain scan's.
    const approx = new SqliteVectorIndex(db, { model: 'm', dimensions: 4, approximate: { above: 100, lists: 6, probes: 6 } });
    const exact = new SqliteVectorIndex(db, { model: 'm', dimensions: 4 });
    const rand = lcg(3);
    const batch = () => Array.from({ length: 10 }, (_, i) => item(i * 1000, vec(rand(), rand(), rand(), rand())));
    for (let a = 0; a < 30; a++) await approx.upsert(`asset-${a}`, 'asr', batch());
    const ivfSearch = vi.spyOn(IvfIndex.prototype, 'search');
    const compact = vi.spyOn(VectorMatrix.prototype, 'compact');
    await approx.warmUp(); // builds the index
    const same = async () => {
      for (let t = 0; t < 5; t++) {
        const q = vec(rand(), rand(), rand(), rand());
        expect(await approx.search(q, { k: 15 })).toEqual(await exact.search(q, { k: 15 }));
      }
    };
    await same();
    for (let round = 0; round < 40; round++) for (let a = 0; a < 30; a += 3) await approx.upsert(`asset-${a}`, 'asr', batch());
    await approx.deleteAsset('asset-1');
    await approx.upsert('asset-new', 'asr', batch());
    await same();
    expect(ivfSearch).toHaveBeenCalledTimes(10);
    expect(compact).toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('finds the true neighbours with few probes on clustered data', async () => {
    const approx = new SqliteVectorIndex(db, { model: 'm', dimensions: 4, approximate: { above: 100, lists: 8, probes: 3 } });
    const exact = new SqliteVectorIndex(db, { model: 'm', dimensions: 4 });
    const rand = lcg(5);
    const centre = (c: number) => vec(Math.cos(c), Math.sin(c), Math.cos(2 * c), Math.sin(3 * c));
    const near = (c: number) => centre(c).map((x) => x + rand() * 0.1);
    for (let a = 0; a < 40; a++) await approx.upsert(`asset-${a}`, 'asr', Array.from({ length: 10 }, (_, i) => item(i * 1000, near(a % 8))));
    await approx.warmUp();
    let found = 0;
    for (let t = 0; t < 8; t++) {
      const q = near(t);
      const want = new Set((await exact.search(q, { k: 10 })).map((h) => h.assetId + h.startMs));
      found += (await approx.search(q, { k: 10 })).filter((h) => want.has(h.assetId + h.startMs)).length;
    }
    expect(found / 80).toBeGreaterThanOrEqual(0.9);
  });
});

function lcg(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
}
