import type { PgMigration } from './database';

/**
 * Queue tables for PostgreSQL (ids 300–399), the counterpart of the SQLite `queueMigrations`.
 * Times are TIMESTAMPTZ written from the queue's injected clock (never now()), so leases and
 * backoff behave exactly as in SQLite and tests can move time without sleeping. Counters and
 * priority are BIGINT because SQLite accepts any safe integer there and the adapters must agree.
 */
export const pgQueueMigrations: readonly PgMigration[] = [
  {
    id: 300,
    name: 'jobs',
    up: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        -- Creation order tie-breaker (SQLite's rowid): two jobs created in the same millisecond keep their order.
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        name TEXT NOT NULL,
        asset_id TEXT,
        payload JSONB NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        priority BIGINT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts BIGINT NOT NULL CHECK (max_attempts > 0),
        percent DOUBLE PRECISION NOT NULL DEFAULT 0,
        stage TEXT,
        error TEXT,
        dedupe_key TEXT,
        locked_by TEXT,
        lease_until TIMESTAMPTZ,
        run_at TIMESTAMPTZ NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        -- A running job always has an owner and a lease; anything else never does.
        CHECK ((status = 'running') = (locked_by IS NOT NULL AND lease_until IS NOT NULL))
      );
      -- Claims walk live jobs in claim order; finished history (the bulk of the table) stays out of it.
      CREATE INDEX jobs_claim_order ON jobs (priority, run_at, created_at, seq) WHERE status IN ('queued', 'running');
      -- Expired leases on their last attempt are found by expiry.
      CREATE INDEX jobs_lease ON jobs (lease_until) WHERE status = 'running';
      CREATE INDEX jobs_asset ON jobs (asset_id, created_at DESC, seq DESC);
      CREATE INDEX jobs_status ON jobs (status, created_at DESC, seq DESC);
      -- The backstop for dedupeKey and the arbiter of INSERT ... ON CONFLICT: one live job per key.
      CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
    `,
  },
];
