import type { Migration } from './database';

/**
 * Queue tables (ids 300–399). Times are epoch milliseconds (INTEGER) so lease and
 * run-at comparisons are numeric, never string compares of differently formatted dates.
 */
export const queueMigrations: readonly Migration[] = [
  {
    id: 300,
    name: 'jobs',
    up: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        asset_id TEXT,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        priority INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
        percent REAL NOT NULL DEFAULT 0,
        stage TEXT,
        error TEXT,
        dedupe_key TEXT,
        locked_by TEXT,
        lease_until INTEGER,
        run_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- Claim scans queued jobs in priority order and running jobs by lease expiry.
      CREATE INDEX jobs_runnable ON jobs (status, priority, run_at, created_at);
      CREATE INDEX jobs_lease ON jobs (status, lease_until);
      CREATE INDEX jobs_asset ON jobs (asset_id, created_at DESC);
      -- The backstop for dedupeKey: at most one live job per key, even across processes.
      CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
    `,
  },
];
