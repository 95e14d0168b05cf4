import { JobPayloadSchemas, type Job, type JobName, type JobPayload, type JobStatus } from '@cutaway/shared/schemas';

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

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JobPayloadSchemas, name);
}

export type PayloadCheck = { ok: true; payload: JobPayload<JobName> } | { ok: false; error: string };

/** Validates a payload against its job's schema; used on enqueue and again on claim. */
export function checkPayload(name: string, payload: unknown): PayloadCheck {
  if (!isJobName(name)) return { ok: false, error: `unknown job name "${name}"` };
  const parsed = JobPayloadSchemas[name].safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, error: issues.join('; ') };
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

/** Jobs that concern one asset carry its id in the payload; it is copied to a column for lookups. */
export function assetIdOf(payload: unknown): string | null {
  const id = (payload as { assetId?: unknown } | null)?.assetId;
  return typeof id === 'string' ? id : null;
}

/**
 * Delay before retry `attempt` (1-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a burst of failures does not retry in lockstep yet
 * each delay stays within [d/2, d]: below the cap a later delay is never shorter.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
