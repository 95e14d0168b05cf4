import type { Job, JobName, JobPayload, JobStatus } from '@cutaway/shared';

export interface EnqueueOptions {
  /** Lower runs first; default 50. */
  priority?: number;
  runAt?: Date;
  maxAttempts?: number;
  /** While a queued or running job has this key, enqueue returns that job instead of adding another. */
  dedupeKey?: string;
}

export interface ClaimedJob<N extends JobName = JobName> {
  job: Job & { name: N };
  payload: JobPayload<N>;
}

/**
 * Durable jobs: a claim is a lease. A worker that dies (kill -9) stops renewing it, the lease
 * expires and another claim picks the job up again, so accepted work is never lost.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<Job>;
  /** The next runnable job (lowest priority, then earliest runAt, then oldest), leased to `workerId`. */
  claim(workerId: string, leaseMs: number, names?: readonly JobName[]): Promise<ClaimedJob | null>;
  /** Extends the lease; false when the job is no longer this worker's. */
  heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean>;
  progress(jobId: string, workerId: string, percent: number, stage: string | null): Promise<void>;
  complete(jobId: string, workerId: string): Promise<void>;
  /** Retryable failures go back to `queued` with exponential backoff until maxAttempts; then `failed`. */
  fail(jobId: string, workerId: string, error: string, options?: { retryable?: boolean }): Promise<Job>;
  /** Hands a running job back untouched (graceful shutdown); the attempt is not counted. */
  release(jobId: string, workerId: string): Promise<void>;
  get(id: string): Promise<Job | null>;
  list(filter: { assetId?: string; status?: JobStatus; limit?: number }): Promise<Job[]>;
  /** Makes every pending job of an asset at least this urgent (a rundown item due to air). */
  prioritize(assetId: string, priority: number): Promise<number>;
  /** Removes finished and pending jobs of an asset (asset deleted). Running jobs are left to fail. */
  deleteForAsset(assetId: string): Promise<void>;
}
