import type { Job, JobName, JobStatus } from '@cutaway/shared/schemas';
import { checkPayload, type PayloadCheck } from '../../rules/job-payload';

/** One row of `jobs` as better-sqlite3 returns it. */
export interface JobRow {
  id: string;
  name: string;
  asset_id: string | null;
  payload: string;
  status: JobStatus;
  priority: number;
  attempts: number;
  max_attempts: number;
  percent: number;
  stage: string | null;
  error: string | null;
  dedupe_key: string | null;
  locked_by: string | null;
  lease_until: number | null;
  run_at: number;
  created_at: number;
  updated_at: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name as JobName,
    assetId: row.asset_id,
    status: row.status,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    percent: row.percent,
    stage: row.stage,
    error: row.error,
    runAt: iso(row.run_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A stored row may have been edited or written by an older version: never trust it blindly. */
export function checkStoredPayload(row: Pick<JobRow, 'name' | 'payload'>): PayloadCheck {
  let value: unknown;
  try {
    value = JSON.parse(row.payload);
  } catch {
    return { ok: false, error: 'payload is not valid JSON' };
  }
  return checkPayload(row.name, value);
}
