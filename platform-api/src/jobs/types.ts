import type { Logger } from 'pino';
import { isAppError, type ErrorCode } from '@cutaway/shared/errors';
import type { Job, JobName, JobPayload } from '@cutaway/shared/schemas';

/** What a handler gets besides its payload. */
export interface JobContext {
  job: Job;
  /** Cheap to call often: the worker throttles writes (the last value and 100 are always written). */
  progress(percent: number, stage?: string): void;
  /** Aborted on shutdown (after the grace period) and when the lease is lost; stop soon, then throw. */
  signal: AbortSignal;
  log: Logger;
}

/**
 * A handler must be idempotent: after a crash or a lost lease the same job runs again,
 * possibly on another process. Resolving completes the job; throwing fails this attempt.
 */
export type Handler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;

/**
 * One entry per job name: adding a job to `JobPayloadSchemas` without one does not compile. `null` says
 * "this process cannot run it" (e.g. CUTAWAY_ENRICH=off): the worker then never claims that name, so the
 * job waits for a process that can instead of burning its attempts here (issue 7 "Correctness").
 */
export type HandlerTable = { [N in JobName]: Handler<N> | null };

/** The job names a table can actually run: what a worker passes to `claim`. */
export function runnableNames(handlers: HandlerTable): JobName[] {
  return (Object.keys(handlers) as JobName[]).filter((name) => typeof handlers[name] === 'function');
}

/**
 * How a handler says "do not retry": throw an AppError with one of these codes. Retrying
 * cannot help when the input itself is wrong or gone (not media, asset deleted, bad range).
 * Anything else (a plain Error, media.process_failed, media.tool_missing, storage.full…)
 * is treated as transient and retried with backoff until maxAttempts.
 */
export const NON_RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'request.invalid',
  'asset.not_found',
  'media.probe_failed',
  'media.range_invalid',
  'storage.key_invalid',
  'storage.not_found',
  'timecode.invalid',
  // A bad API key or unknown model will not fix itself between attempts.
  'ai.rejected',
]);

export function isRetryable(err: unknown): boolean {
  return !(isAppError(err) && NON_RETRYABLE_CODES.has(err.code));
}

/** The text stored in `job.error`: the stable code first, so operators can grep for it. */
export function describeError(err: unknown): string {
  if (isAppError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
