import { JobPayloadSchemas, type JobName, type JobPayload } from '@cutaway/shared/schemas';

/*
 * Engine-neutral queue rules: payload checks, the asset id column and retry backoff are the same
 * on SQLite and PostgreSQL, so both queue adapters import them from here and neither imports the
 * other (docs/architecture.md, "Which way dependencies point").
 */

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
