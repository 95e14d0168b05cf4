import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Job, JobName } from '@cutaway/shared/schemas';
import type { ClaimedJob, JobQueue } from '../ports/job-queue';
import { RunningJob, type JobOutcome } from './running-job';
import { runnableNames, type HandlerTable } from './types';

export type { JobOutcome } from './running-job';

export interface JobWorkerOptions {
  queue: JobQueue;
  handlers: HandlerTable;
  log: Logger;
  /** Recorded as the lease owner; unique per process by default. */
  workerId?: string;
  concurrency?: number;
  leaseMs?: number;
  /** Idle poll interval; doubles while the queue stays empty, up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
  /** After an abort, how long a handler gets to wind down before it is abandoned. */
  abortWaitMs?: number;
  onProgress?: (job: Job, percent: number, stage: string | null) => void;
  onFinished?: (job: Job, outcome: JobOutcome) => void;
}

/** Progress writes per job: at most 4 a second. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Claims jobs from the queue and runs their handlers, up to `concurrency` at a time.
 * One loop does all claiming; it sleeps while idle (backing off) or while every slot is
 * busy, and is woken by `wake()`, a finished job or `stop()`.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly running = new Set<RunningJob>();
  /** Only what this process has handlers for is claimed (issue 7). */
  private readonly names: readonly JobName[];
  private idleMs: number;
  private loop: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? 1;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.maxPollMs = Math.max(this.pollMs, options.maxPollMs ?? 5_000);
    this.idleMs = this.pollMs;
    this.names = runnableNames(options.handlers);
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!(this.leaseMs > 0 && this.pollMs > 0)) throw new RangeError('leaseMs and pollMs must be positive');
  }

  start(): void {
    if (this.loop) return;
    this.stopping = null;
    this.loop = this.claimLoop().catch((err: unknown) => this.options.log.error({ err }, 'job claim loop crashed'));
  }

  /** Polls now instead of at the next idle tick (call after enqueue). */
  wake(): void {
    this.idleMs = this.pollMs;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, lets running handlers finish for `graceMs`, then aborts them and hands
   * their jobs back to the queue (released, not failed). Resolves when every job is settled.
   */
  stop({ graceMs = 10_000 }: { graceMs?: number } = {}): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.wakeUp?.();
    await loop;
    const settled = () => Promise.all([...this.running].map((r) => r.finished)).then(() => true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    const finishedInTime = await Promise.race([settled(), grace]);
    clearTimeout(timer);
    if (!finishedInTime) for (const job of this.running) job.abort('shutdown');
    await settled();
    this.loop = null;
  }

  private async claimLoop(): Promise<void> {
    const log = this.options.log;
    while (!this.stopping) {
      if (this.running.size >= this.concurrency) {
        await this.sleep(null);
        continue;
      }
      let claimed: ClaimedJob | null = null;
      try {
        claimed = await this.options.queue.claim(this.workerId, this.leaseMs, this.names);
      } catch (err) {
        log.error({ err }, 'claiming a job failed; backing off');
      }
      if (claimed && this.stopping) {
        // Claimed while stop() began: hand it straight back rather than start new work.
        await this.options.queue.release(claimed.job.id, this.workerId).catch((err: unknown) => log.warn({ err }, 'release failed'));
      } else if (claimed) {
        this.launch(claimed);
        this.idleMs = this.pollMs;
      } else {
        await this.sleep(this.idleMs);
        this.idleMs = Math.min(this.idleMs * 2, this.maxPollMs);
      }
    }
  }

  private launch(claimed: ClaimedJob): void {
    const { queue, handlers, log, onProgress } = this.options;
    const run = new RunningJob(claimed, {
      queue, handlers, log, onProgress, workerId: this.workerId, leaseMs: this.leaseMs,
      abortWaitMs: this.options.abortWaitMs ?? 2_000,
      progressIntervalMs: PROGRESS_INTERVAL_MS,
    });
    this.running.add(run);
    void run.finished.then(({ job, outcome }) => {
      this.running.delete(run);
      try {
        this.options.onFinished?.(job, outcome);
      } catch (err) {
        log.error({ err }, 'onFinished threw');
      }
      this.wakeUp?.(); // a slot is free: claim again now
    });
  }

  /** Sleeps `ms` (or until woken when null); wake(), a finished job and stop() cut it short. */
  private sleep(ms: number | null): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === null ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      this.wakeUp = done;
    });
  }
}
