import { randomUUID } from 'node:crypto';
import { AppError } from '@cutaway/shared/errors';
import type { Job, JobName, JobPayload, JobStatus } from '@cutaway/shared/schemas';
import type { ClaimedJob, EnqueueOptions, JobQueue } from '../../ports/job-queue';
import type { SqliteDb } from './database';
import { assetIdOf, backoffMs, checkPayload } from '../../rules/job-payload';
import { checkStoredPayload, toJob, type JobRow } from './job-queue.rows';

export interface SqliteJobQueueOptions {
  now?: () => Date;
  /** First retry waits between base/2 and base; each later one doubles, up to max. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  newId?: () => string;
}

const DEFAULT_PRIORITY = 50;
const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_ERROR_CHARS = 4000;
/** A claim skips at most this many corrupt rows (failing each) before giving up for this call. */
const MAX_SKIPPED_PER_CLAIM = 100;
const OWNED = `id = @id AND locked_by = @workerId AND status = 'running'`;

/**
 * JobQueue on a SQLite file (the embedded default). Every write that reads first runs in
 * a BEGIN IMMEDIATE transaction, which takes the file's write lock up front, so two
 * processes sharing the file can never claim the same job. Needs migration 300 applied
 * before construction (statements are prepared here).
 */
export class SqliteJobQueue implements JobQueue {
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly q;

  constructor(private readonly db: SqliteDb, options: SqliteJobQueueOptions = {}) {
    const now = options.now ?? (() => new Date());
    this.clock = () => now().getTime();
    this.newId = options.newId ?? (() => randomUUID());
    this.baseMs = options.backoffBaseMs ?? 5_000;
    this.maxMs = options.backoffMaxMs ?? 10 * 60_000;
    const p = <R = JobRow>(sql: string) => db.prepare<Record<string, unknown>, R>(sql);
    this.q = {
      live: p(`SELECT * FROM jobs WHERE dedupe_key = @key AND status IN ('queued', 'running')`),
      insert: p(`INSERT INTO jobs (id, name, asset_id, payload, status, priority, max_attempts, dedupe_key, run_at, created_at, updated_at)
        VALUES (@id, @name, @assetId, @payload, 'queued', @priority, @maxAttempts, @dedupeKey, @runAt, @now, @now) RETURNING *`),
      exhaust: p(`UPDATE jobs SET status = 'failed', locked_by = NULL, lease_until = NULL, updated_at = @now,
        error = 'lease expired on attempt ' || attempts || ' of ' || max_attempts || ' (worker died or hung); giving up'
        WHERE status = 'running' AND lease_until <= @now AND attempts >= max_attempts`),
      next: p(`SELECT * FROM jobs
        WHERE ((status = 'queued' AND run_at <= @now) OR (status = 'running' AND lease_until <= @now))
          AND (@names IS NULL OR name IN (SELECT value FROM json_each(@names)))
        ORDER BY priority, run_at, created_at, rowid LIMIT 1`),
      corrupt: p(`UPDATE jobs SET status = 'failed', error = @error, locked_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id`),
      take: p(`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = @workerId, lease_until = @leaseUntil,
        percent = 0, stage = NULL, updated_at = @now WHERE id = @id RETURNING *`),
      heartbeat: p(`UPDATE jobs SET lease_until = @leaseUntil, updated_at = @now WHERE ${OWNED}`),
      progress: p(`UPDATE jobs SET percent = @percent, stage = @stage, updated_at = @now WHERE ${OWNED}`),
      complete: p(`UPDATE jobs SET status = 'done', percent = 100, error = NULL, locked_by = NULL, lease_until = NULL, updated_at = @now WHERE ${OWNED}`),
      owned: p(`SELECT * FROM jobs WHERE ${OWNED}`),
      retry: p(`UPDATE jobs SET status = 'queued', run_at = @runAt, error = @error, percent = 0, stage = NULL,
        locked_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id RETURNING *`),
      fail: p(`UPDATE jobs SET status = 'failed', error = @error, locked_by = NULL, lease_until = NULL, updated_at = @now WHERE id = @id RETURNING *`),
      // A released claim is not an attempt: undo the count the claim added.
      release: p(`UPDATE jobs SET status = 'queued', attempts = MAX(attempts - 1, 0), percent = 0, stage = NULL,
        locked_by = NULL, lease_until = NULL, updated_at = @now WHERE ${OWNED}`),
      get: p(`SELECT * FROM jobs WHERE id = @id`),
      list: p(`SELECT * FROM jobs WHERE (@assetId IS NULL OR asset_id = @assetId) AND (@status IS NULL OR status = @status)
        ORDER BY created_at DESC, rowid DESC LIMIT @limit`),
      prioritize: p(`UPDATE jobs SET priority = @priority, updated_at = @now
        WHERE asset_id = @assetId AND status IN ('queued', 'running') AND priority > @priority`),
      deleteForAsset: p(`DELETE FROM jobs WHERE asset_id = @assetId AND status <> 'running'`),
    };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<Job> {
    const checked = checkPayload(name, payload);
    if (!checked.ok) throw new AppError('request.invalid', `Invalid payload for job ${name}: ${checked.error}`, { name });
    const priority = options.priority ?? DEFAULT_PRIORITY;
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const runAt = options.runAt?.getTime();
    if (!Number.isSafeInteger(priority)) throw new AppError('request.invalid', 'Job priority must be an integer', { priority });
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new AppError('request.invalid', 'Job maxAttempts must be a positive integer', { maxAttempts });
    }
    if (runAt !== undefined && !Number.isFinite(runAt)) throw new AppError('request.invalid', 'Job runAt is not a valid date');
    const row = this.db
      .transaction(() => {
        const now = this.clock();
        const key = options.dedupeKey ?? null;
        const existing = key === null ? undefined : this.q.live.get({ key });
        if (existing) return existing;
        const fields = { id: this.newId(), name, assetId: assetIdOf(checked.payload), payload: JSON.stringify(checked.payload) };
        return this.q.insert.get({ ...fields, priority, maxAttempts, dedupeKey: key, runAt: runAt ?? now, now }) as JobRow;
      })
      .immediate();
    return toJob(row);
  }

  async claim(workerId: string, leaseMs: number, names?: readonly JobName[]): Promise<ClaimedJob | null> {
    if (names?.length === 0) return null;
    const namesJson = names ? JSON.stringify(names) : null;
    return this.db
      .transaction((): ClaimedJob | null => {
        const now = this.clock();
        // Jobs whose lease ran out on their last allowed attempt are failed, not handed out forever.
        this.q.exhaust.run({ now });
        for (let skipped = 0; skipped < MAX_SKIPPED_PER_CLAIM; skipped++) {
          const row = this.q.next.get({ now, names: namesJson });
          if (!row) return null;
          const checked = checkStoredPayload(row);
          if (!checked.ok) {
            // Fail the corrupt row with a clear error instead of letting a worker crash on it.
            this.q.corrupt.run({ id: row.id, error: `corrupt job row: ${checked.error}`, now });
            continue;
          }
          const taken = this.q.take.get({ id: row.id, workerId, leaseUntil: now + leaseMs, now }) as JobRow;
          return { job: toJob(taken), payload: checked.payload } as ClaimedJob;
        }
        return null;
      })
      .immediate();
  }

  async heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    return this.q.heartbeat.run({ id: jobId, workerId, leaseUntil: now + leaseMs, now }).changes === 1;
  }

  /** Advisory: a job that is no longer this worker's is left unchanged (heartbeat reports the loss). */
  async progress(jobId: string, workerId: string, percent: number, stage: string | null): Promise<void> {
    if (!Number.isFinite(percent)) return;
    const clamped = Math.min(100, Math.max(0, percent));
    this.q.progress.run({ id: jobId, workerId, percent: clamped, stage, now: this.clock() });
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    if (this.q.complete.run({ id: jobId, workerId, now: this.clock() }).changes !== 1) throw notOwned(jobId, workerId);
  }

  async fail(jobId: string, workerId: string, error: string, options: { retryable?: boolean } = {}): Promise<Job> {
    const message = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS)}…` : error;
    const row = this.db
      .transaction(() => {
        const now = this.clock();
        const current = this.q.owned.get({ id: jobId, workerId });
        if (!current) throw notOwned(jobId, workerId);
        if (options.retryable !== false && current.attempts < current.max_attempts) {
          const runAt = now + backoffMs(current.attempts, this.baseMs, this.maxMs);
          return this.q.retry.get({ id: jobId, error: message, runAt, now }) as JobRow;
        }
        return this.q.fail.get({ id: jobId, error: message, now }) as JobRow;
      })
      .immediate();
    return toJob(row);
  }

  async release(jobId: string, workerId: string): Promise<void> {
    if (this.q.release.run({ id: jobId, workerId, now: this.clock() }).changes !== 1) throw notOwned(jobId, workerId);
  }

  async get(id: string): Promise<Job | null> {
    const row = this.q.get.get({ id });
    return row ? toJob(row) : null;
  }

  /** Newest first. */
  async list(filter: { assetId?: string; status?: JobStatus; limit?: number }): Promise<Job[]> {
    const limit = Math.min(500, Math.max(1, Math.trunc(filter.limit ?? 50)));
    return this.q.list.all({ assetId: filter.assetId ?? null, status: filter.status ?? null, limit }).map(toJob);
  }

  async prioritize(assetId: string, priority: number): Promise<number> {
    if (!Number.isSafeInteger(priority)) throw new AppError('request.invalid', 'Job priority must be an integer', { priority });
    return this.q.prioritize.run({ assetId, priority, now: this.clock() }).changes;
  }

  async deleteForAsset(assetId: string): Promise<void> {
    this.q.deleteForAsset.run({ assetId });
  }
}

/** The job is unknown, finished, or leased to someone else: this worker may no longer touch it. */
function notOwned(jobId: string, workerId: string): AppError {
  return new AppError('job.not_found', `Job ${jobId} is not running under worker ${workerId} (lease lost or job finished)`, { jobId, workerId });
}
