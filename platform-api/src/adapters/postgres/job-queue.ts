import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@cutaway/shared/errors';
import type { Job, JobName, JobPayload, JobStatus } from '@cutaway/shared/schemas';
import type { ClaimedJob, EnqueueOptions, JobQueue } from '../../ports/job-queue';
// Payload validation and backoff are adapter-neutral; sharing them keeps both adapters in lockstep.
import { assetIdOf, backoffMs, checkPayload } from '../../rules/job-payload';
import type { PgPool } from './database';
import { SQL, pgText, toJob, type PgJobRow } from './job-queue.rows';

export interface PgJobQueueOptions {
  /**
   * Every lease, run-at and backoff time comes from this clock, never from the server's now():
   * tests move time without sleeping, and behaviour matches SQLite. In production all workers
   * must therefore keep their clocks in sync (NTP), well within the lease length.
   */
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
/** Dedupe insert/lookup rounds: each lost round means the live job finished in between. */
const MAX_DEDUPE_ROUNDS = 5;

/**
 * JobQueue on PostgreSQL, for several API and worker processes on one database. A claim is one
 * READ COMMITTED transaction that locks the next runnable row with FOR UPDATE SKIP LOCKED (the
 * technique pg-boss uses): concurrent claimers each get a different row and never wait on each
 * other. Needs `pgQueueMigrations` applied to the pool's schema.
 */
export class PgJobQueue implements JobQueue {
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(private readonly pool: PgPool, options: PgJobQueueOptions = {}) {
    this.clock = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => randomUUID());
    this.baseMs = options.backoffBaseMs ?? 5_000;
    this.maxMs = options.backoffMaxMs ?? 10 * 60_000;
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
    const key = options.dedupeKey ?? null;
    for (let round = 0; round < MAX_DEDUPE_ROUNDS; round++) {
      const now = this.clock();
      const params = [this.newId(), name, assetIdOf(checked.payload), JSON.stringify(checked.payload),
        priority, maxAttempts, key, runAt === undefined ? now : new Date(runAt), now];
      const inserted = await this.pool.query<PgJobRow>(SQL.insert, params);
      if (inserted.rows[0]) return toJob(inserted.rows[0]);
      // Only a live job with the same key stops an insert; return that one, as the port promises.
      const live = await this.pool.query<PgJobRow>(SQL.live, [key]);
      if (live.rows[0]) return toJob(live.rows[0]);
    }
    throw new AppError('internal', `Could not enqueue job ${name}: dedupe key ${key} kept changing hands`, { name });
  }

  async claim(workerId: string, leaseMs: number, names?: readonly JobName[]): Promise<ClaimedJob | null> {
    if (names?.length === 0) return null;
    return this.transaction(async (client): Promise<ClaimedJob | null> => {
      const now = this.clock();
      // Jobs whose lease ran out on their last allowed attempt are failed, not handed out forever.
      await client.query(SQL.exhaust, [now]);
      for (let skipped = 0; skipped < MAX_SKIPPED_PER_CLAIM; skipped++) {
        const row = (await client.query<PgJobRow>(SQL.next, [now, names ? [...names] : null])).rows[0];
        if (!row) return null;
        // A stored row may have been edited or written by an older version: never trust it blindly.
        const checked = checkPayload(row.name, row.payload);
        if (!checked.ok) {
          // Fail the corrupt row with a clear error instead of letting a worker crash on it.
          await client.query(SQL.corrupt, [row.id, pgText(`corrupt job row: ${checked.error}`), now]);
          continue;
        }
        const taken = (await client.query<PgJobRow>(SQL.take, [row.id, workerId, new Date(now.getTime() + leaseMs), now])).rows[0]!;
        return { job: toJob(taken), payload: checked.payload } as ClaimedJob;
      }
      return null;
    });
  }

  async heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    return (await this.pool.query(SQL.heartbeat, [jobId, workerId, new Date(now.getTime() + leaseMs), now])).rowCount === 1;
  }

  /** Advisory: a job that is no longer this worker's is left unchanged (heartbeat reports the loss). */
  async progress(jobId: string, workerId: string, percent: number, stage: string | null): Promise<void> {
    if (!Number.isFinite(percent)) return;
    const clamped = Math.min(100, Math.max(0, percent));
    await this.pool.query(SQL.progress, [jobId, workerId, clamped, pgText(stage), this.clock()]);
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    if ((await this.pool.query(SQL.complete, [jobId, workerId, this.clock()])).rowCount !== 1) throw notOwned(jobId, workerId);
  }

  async fail(jobId: string, workerId: string, error: string, options: { retryable?: boolean } = {}): Promise<Job> {
    const message = pgText(error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS)}…` : error);
    const row = await this.transaction(async (client) => {
      const now = this.clock();
      // FOR UPDATE: the decision (retry or give up) is made on the row as it is when written.
      const current = (await client.query<PgJobRow>(SQL.ownedForUpdate, [jobId, workerId])).rows[0];
      if (!current) throw notOwned(jobId, workerId);
      const attempts = Number(current.attempts);
      if (options.retryable !== false && attempts < Number(current.max_attempts)) {
        const runAt = new Date(now.getTime() + backoffMs(attempts, this.baseMs, this.maxMs));
        return (await client.query<PgJobRow>(SQL.retry, [jobId, runAt, message, now])).rows[0]!;
      }
      return (await client.query<PgJobRow>(SQL.fail, [jobId, message, now])).rows[0]!;
    });
    return toJob(row);
  }

  async release(jobId: string, workerId: string): Promise<void> {
    if ((await this.pool.query(SQL.release, [jobId, workerId, this.clock()])).rowCount !== 1) throw notOwned(jobId, workerId);
  }

  async get(id: string): Promise<Job | null> {
    const row = (await this.pool.query<PgJobRow>(SQL.get, [id])).rows[0];
    return row ? toJob(row) : null;
  }

  /** Newest first. */
  async list(filter: { assetId?: string; status?: JobStatus; limit?: number }): Promise<Job[]> {
    const limit = Math.min(500, Math.max(1, Math.trunc(filter.limit ?? 50)));
    const { rows } = await this.pool.query<PgJobRow>(SQL.list, [filter.assetId ?? null, filter.status ?? null, limit]);
    return rows.map(toJob);
  }

  async prioritize(assetId: string, priority: number): Promise<number> {
    if (!Number.isSafeInteger(priority)) throw new AppError('request.invalid', 'Job priority must be an integer', { priority });
    return (await this.pool.query(SQL.prioritize, [assetId, priority, this.clock()])).rowCount ?? 0;
  }

  async deleteForAsset(assetId: string): Promise<void> {
    await this.pool.query(SQL.deleteForAsset, [assetId]);
  }

  /** Runs `work` in one transaction on one pooled connection; any throw rolls it back. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A connection that cannot even roll back is broken: destroy it rather than pool it.
      const rollback = await client.query('ROLLBACK').then(() => undefined, (e: unknown) => e as Error);
      client.release(rollback);
      throw err;
    }
  }
}

/** The job is unknown, finished, or leased to someone else: this worker may no longer touch it. */
function notOwned(jobId: string, workerId: string): AppError {
  return new AppError('job.not_found', `Job ${jobId} is not running under worker ${workerId} (lease lost or job finished)`, { jobId, workerId });
}
