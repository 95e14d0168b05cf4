import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue } from '../../src/adapters/sqlite/job-queue';
import { backoffMs } from '../../src/rules/job-payload';
import { queueMigrations } from '../../src/adapters/sqlite/queue.migrations';
import { runJobQueueContract } from './job-queue.contract';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openFile(): { db: SqliteDb; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-queue-'));
  dirs.push(dir);
  const path = join(dir, 'catalog.db');
  const db = openSqlite(path);
  migrate(db, queueMigrations);
  return { db, path };
}

runJobQueueContract('sqlite file', async ({ now }) => {
  const { db } = openFile();
  return { queue: new SqliteJobQueue(db, { now }), close: async () => void db.close() };
});

describe('SqliteJobQueue specifics', () => {
  let db: SqliteDb;
  let path: string;
  let t: number;
  const now = () => new Date(t);
  beforeEach(() => {
    ({ db, path } = openFile());
    t = Date.parse('2030-01-01T00:00:00Z');
  });
  afterEach(() => db.close());

  it('fails a corrupt row with a clear error and hands out the next job', async () => {
    const queue = new SqliteJobQueue(db, { now });
    const badJson = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { priority: 1 });
    const badShape = await queue.enqueue('media.ingest', { assetId: 'asset-0002' }, { priority: 2 });
    const badName = await queue.enqueue('media.ingest', { assetId: 'asset-0003' }, { priority: 3 });
    const good = await queue.enqueue('media.ingest', { assetId: 'asset-0004' }, { priority: 4 });
    db.prepare(`UPDATE jobs SET payload = '{"assetId":' WHERE id = ?`).run(badJson.id);
    db.prepare(`UPDATE jobs SET payload = '{"assetId":"../x"}' WHERE id = ?`).run(badShape.id);
    db.prepare(`UPDATE jobs SET name = 'media.gone' WHERE id = ?`).run(badName.id);
    expect((await queue.claim('w', 30_000))?.job.id).toBe(good.id);
    expect(await queue.get(badJson.id)).toMatchObject({ status: 'failed', error: 'corrupt job row: payload is not valid JSON' });
    expect((await queue.get(badShape.id))?.error).toMatch(/^corrupt job row: assetId: invalid id/);
    expect((await queue.get(badName.id))?.error).toBe('corrupt job row: unknown job name "media.gone"');
  });

  it('follows the configured backoff: equal jitter, doubling, capped', async () => {
    expect([0, 0.5, 1].map((r) => backoffMs(1, 1_000, 8_000, () => r))).toEqual([500, 750, 1_000]);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 1_000, 8_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    const queue = new SqliteJobQueue(db, { now, backoffBaseMs: 1_000, backoffMaxMs: 4_000 });
    const job = await queue.enqueue('media.ingest', { assetId: 'asset-0001' }, { maxAttempts: 10 });
    const bounds = [[500, 1_000], [1_000, 2_000], [2_000, 4_000], [2_000, 4_000]] as const;
    for (const [lo, hi] of bounds) {
      await queue.claim('w', 30_000);
      const delay = Date.parse((await queue.fail(job.id, 'w', 'x')).runAt) - t;
      expect(delay).toBeGreaterThanOrEqual(lo);
      expect(delay).toBeLessThanOrEqual(hi);
      t += delay;
    }
  });

  it('uses the injected id generator', async () => {
    let n = 0;
    const queue = new SqliteJobQueue(db, { now, newId: () => `job-test-${++n}` });
    expect((await queue.enqueue('media.ingest', { assetId: 'asset-0001' })).id).toBe('job-test-1');
  });

  it('shares jobs, leases and dedupe keys between connections to the same file', async () => {
    const other = openSqlite(path);
    try {
      const a = new SqliteJobQueue(db, { now });
      const b = new SqliteJobQueue(other, { now });
      const job = await a.enqueue('media.ingest', { assetId: 'asset-0001' }, { dedupeKey: 'k' });
      expect((await b.enqueue('media.ingest', { assetId: 'asset-0001' }, { dedupeKey: 'k' })).id).toBe(job.id);
      expect((await b.claim('wb', 30_000))?.job.id).toBe(job.id);
      expect(await a.claim('wa', 30_000)).toBeNull();
      await b.complete(job.id, 'wb');
      expect((await a.get(job.id))?.status).toBe('done');
    } finally {
      other.close();
    }
  });

  it('the unique index refuses a second live job with the same dedupe key', () => {
    const insert = db.prepare(`INSERT INTO jobs (id, name, payload, status, priority, max_attempts, dedupe_key, run_at, created_at, updated_at)
      VALUES (?, 'media.ingest', '{}', ?, 50, 3, 'k', 0, 0, 0)`);
    insert.run('job-0001', 'done');
    insert.run('job-0002', 'queued');
    expect(() => insert.run('job-0003', 'running')).toThrow(/UNIQUE/);
  });
});
