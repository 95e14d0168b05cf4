import type { Job, JobName, JobStatus } from '@cutaway/shared/schemas';

/**
 * One row of `jobs` as node-postgres returns it: BIGINT arrives as a string (it may exceed
 * 2^53 in general; ours never do, enqueue only accepts safe integers), TIMESTAMPTZ as a Date,
 * JSONB already parsed.
 */
export interface PgJobRow {
  id: string;
  seq: string;
  name: string;
  asset_id: string | null;
  payload: unknown;
  status: JobStatus;
  priority: string;
  attempts: string;
  max_attempts: string;
  percent: number;
  stage: string | null;
  error: string | null;
  dedupe_key: string | null;
  locked_by: string | null;
  lease_until: Date | null;
  run_at: Date;
  created_at: Date;
  updated_at: Date;
}

export function toJob(row: PgJobRow): Job {
  return {
    id: row.id,
    name: row.name as JobName,
    assetId: row.asset_id,
    status: row.status,
    priority: Number(row.priority),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    percent: row.percent,
    stage: row.stage,
    error: row.error,
    runAt: row.run_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * PostgreSQL TEXT cannot hold NUL, and an error message is often a tool's raw stderr: strip it
 * rather than let a failing job also fail to record why.
 */
export function pgText(value: string): string;
export function pgText(value: string | null): string | null;
export function pgText(value: string | null): string | null {
  return value === null ? null : value.replaceAll('\u0000', '');
}

/** A running job that belongs to the given worker ($1 = id, $2 = worker id). */
const OWNED = `id = $1 AND locked_by = $2 AND status = 'running'`;
const UNLOCK = `locked_by = NULL, lease_until = NULL`;

/** Every statement of PgJobQueue; `$now` is always the injected clock, passed as a parameter. */
export const SQL = {
  live: `SELECT * FROM jobs WHERE dedupe_key = $1 AND status IN ('queued', 'running')`,
  // ON CONFLICT names the partial unique index, so two processes enqueueing the same key settle on one row.
  insert: `INSERT INTO jobs (id, name, asset_id, payload, status, priority, max_attempts, dedupe_key, run_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $9)
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running') DO NOTHING
    RETURNING *`,
  // SKIP LOCKED: a row another claimer is deciding about is that claimer's business, never a wait.
  exhaust: `UPDATE jobs SET status = 'failed', ${UNLOCK}, updated_at = $1,
    error = 'lease expired on attempt ' || attempts || ' of ' || max_attempts || ' (worker died or hung); giving up'
    WHERE id IN (SELECT id FROM jobs WHERE status = 'running' AND lease_until <= $1 AND attempts >= max_attempts
      FOR UPDATE SKIP LOCKED)`,
  // The exhausted condition is repeated so a row exhausted by nobody yet is never handed out.
  next: `SELECT * FROM jobs
    WHERE ((status = 'queued' AND run_at <= $1) OR (status = 'running' AND lease_until <= $1 AND attempts < max_attempts))
      AND ($2::text[] IS NULL OR name = ANY($2::text[]))
    ORDER BY priority, run_at, created_at, seq
    LIMIT 1 FOR UPDATE SKIP LOCKED`,
  corrupt: `UPDATE jobs SET status = 'failed', error = $2, ${UNLOCK}, updated_at = $3 WHERE id = $1`,
  take: `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2, lease_until = $3,
    percent = 0, stage = NULL, updated_at = $4 WHERE id = $1 RETURNING *`,
  heartbeat: `UPDATE jobs SET lease_until = $3, updated_at = $4 WHERE ${OWNED}`,
  progress: `UPDATE jobs SET percent = $3, stage = $4, updated_at = $5 WHERE ${OWNED}`,
  complete: `UPDATE jobs SET status = 'done', percent = 100, error = NULL, ${UNLOCK}, updated_at = $3 WHERE ${OWNED}`,
  ownedForUpdate: `SELECT * FROM jobs WHERE ${OWNED} FOR UPDATE`,
  retry: `UPDATE jobs SET status = 'queued', run_at = $2, error = $3, percent = 0, stage = NULL, ${UNLOCK}, updated_at = $4
    WHERE id = $1 RETURNING *`,
  fail: `UPDATE jobs SET status = 'failed', error = $2, ${UNLOCK}, updated_at = $3 WHERE id = $1 RETURNING *`,
  // A released claim is not an attempt: undo the count the claim added.
  release: `UPDATE jobs SET status = 'queued', attempts = GREATEST(attempts - 1, 0), percent = 0, stage = NULL,
    ${UNLOCK}, updated_at = $3 WHERE ${OWNED}`,
  get: `SELECT * FROM jobs WHERE id = $1`,
  list: `SELECT * FROM jobs WHERE ($1::text IS NULL OR asset_id = $1) AND ($2::text IS NULL OR status = $2)
    ORDER BY created_at DESC, seq DESC LIMIT $3`,
  prioritize: `UPDATE jobs SET priority = $2, updated_at = $3
    WHERE asset_id = $1 AND status IN ('queued', 'running') AND priority > $2`,
  deleteForAsset: `DELETE FROM jobs WHERE asset_id = $1 AND status <> 'running'`,
} as const;
