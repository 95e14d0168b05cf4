import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres, type PgPool } from '../../src/adapters/postgres/database';
import { PgVectorIndex } from '../../src/adapters/postgres/vector-index';
import { pgVectorMigrations } from '../../src/adapters/postgres/vector.migrations';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';
import { exited, spawnScript, waitForLine } from '../queue/child';

const E0 = Float32Array.of(1, 0, 0, 0);
const at = (cos: number) => Float32Array.of(cos, Math.sqrt(1 - cos * cos), 0, 0);
const speech = (startMs: number, vector: Float32Array) => ({ startMs, endMs: startMs + 1000, kind: 'speech' as const, vector });
const ids = async (index: PgVectorIndex, k = 10) => (await index.search(E0, { k })).map((h) => `${h.assetId}@${h.startMs}`);

/**
 * Several API processes share one database, each with its own in-memory copy of the vectors:
 * a write through any of them must show in every other's next search.
 */
describe.skipIf(!PG_URL)(`PgVectorIndex across processes sharing one schema${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>>;
  let otherPool: PgPool;
  let one: PgVectorIndex;
  let two: PgVectorIndex;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    db = await tempPgSchema(pgVectorMigrations);
    otherPool = openPostgres(db.url, { schema: db.schema, max: 3 });
    one = new PgVectorIndex(db.pool, { model: 'test/model', dimensions: 4 });
    two = new PgVectorIndex(otherPool, { model: 'test/model', dimensions: 4 });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await otherPool.end();
    await db.drop();
  });

  it('finds an upsert made through another pool, and loses a delete made through it', async () => {
    await one.upsert('a', 'asr', [speech(0, at(0.5))]);
    expect(await ids(two)).toEqual(['a@0']); // two's copy is loaded now
    expect(await ids(one)).toEqual(['a@0']);

    await one.upsert('b', 'asr', [speech(0, at(0.9)), speech(1000, at(0.1))]);
    expect(await ids(two)).toEqual(['b@0', 'a@0', 'b@1000']);

    await one.deleteAsset('b');
    expect(await ids(two)).toEqual(['a@0']);

    // And the other way round, with a replacement in place of a plain insert.
    await two.upsert('a', 'asr', [speech(5000, at(0.7))]);
    expect(await ids(one)).toEqual(['a@5000']);
    expect(await two.count()).toBe(1);
  });

  it('keeps both copies exact through interleaved writes from both sides', async () => {
    await Promise.all([one.search(E0, { k: 1 }), two.search(E0, { k: 1 })]);
    const writes: Array<Promise<void>> = [];
    for (let a = 0; a < 12; a++) {
      const index = a % 2 ? one : two;
      writes.push(index.upsert(`asset-${a}`, 'asr', [speech(0, at(a / 12)), speech(1000, at(-a / 12))]));
      // Searches racing the writes: each may see any prefix of them, but never a torn asset.
      writes.push(index.search(E0, { k: 30 }).then((hits) => expect(hits.length % 2).toBe(0)));
    }
    await Promise.all(writes);
    await Promise.all([one.deleteAsset('asset-3'), two.deleteAsset('asset-8')]);
    const fresh = new PgVectorIndex(db.pool, { model: 'test/model', dimensions: 4 });
    const truth = await ids(fresh, 30);
    expect(truth).toHaveLength(20);
    expect(await ids(one, 30)).toEqual(truth);
    expect(await ids(two, 30)).toEqual(truth);
  });

  it('sees writes made by a separate node process, and that process sees ours', { timeout: 30_000 }, async () => {
    await one.upsert('mine', 'asr', [speech(0, at(0.2))]);
    expect(await ids(one)).toEqual(['mine@0']);

    const run = async (...args: string[]) => {
      const child = spawnScript('../postgres/vector-index-writer.child.ts', [db.url, db.schema, ...args]);
      children.push(child);
      return JSON.parse((await waitForLine(child, /^done (.*)$/, 25_000))[1]!) as string[];
    };
    expect(await run('upsert', 'theirs', '0.9')).toEqual(['theirs', 'mine']);
    expect(await ids(one)).toEqual(['theirs@0', 'mine@0']);

    expect(await run('delete', 'theirs')).toEqual(['mine']);
    expect(await ids(one)).toEqual(['mine@0']);
  });
});
