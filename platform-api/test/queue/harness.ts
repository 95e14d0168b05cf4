import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { SqliteJobQueue, type SqliteJobQueueOptions } from '../../src/adapters/sqlite/job-queue';
import { queueMigrations } from '../../src/adapters/sqlite/queue.migrations';

export const silentLog = pino({ level: 'silent' });

export interface TempQueueFile {
  dir: string;
  path: string;
  /** A new connection to the file with its own queue (another "process" as far as SQLite is concerned). */
  open(options?: SqliteJobQueueOptions): { db: SqliteDb; queue: SqliteJobQueue };
  cleanup(): void;
}

/** A migrated queue file in a fresh temp dir; `cleanup` closes every connection and removes the dir. */
export function tempQueueFile(): TempQueueFile {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-jobs-'));
  const path = join(dir, 'catalog.db');
  const dbs: SqliteDb[] = [];
  const open = (options?: SqliteJobQueueOptions) => {
    const db = openSqlite(path);
    migrate(db, queueMigrations);
    dbs.push(db);
    return { db, queue: new SqliteJobQueue(db, options) };
  };
  const cleanup = () => {
    for (const db of dbs.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, path, open, cleanup };
}

/** Polls `check` every 10 ms until it is truthy; fails after `timeoutMs` instead of hanging. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** For handler tables in tests that only enqueue media.ingest: any other job reaching a handler is a bug. */
export const unexpectedJob = async (): Promise<void> => {
  throw new Error('this test only runs media.ingest jobs');
};
