import type { Logger } from 'pino';
import type { Job } from '@cutaway/shared/schemas';
import type { ClaimedJob, JobQueue } from '../ports/job-queue';
import { ProgressThrottle } from './progress-throttle';
import { describeError, isRetryable, type HandlerTable, type JobContext } from './types';

/**
 * How a run ended. `lost`: the job is no longer ours (lease taken over) or its result could
 * not be recorded; nothing more is written and its lease expiry brings it back.
 */
export type JobOutcome = 'done' | 'retrying' | 'failed' | 'released' | 'lost';

export interface RunningJobDeps {
  queue: JobQueue;
  handlers: HandlerTable;
  log: Logger;
  workerId: string;
  leaseMs: number;
  /** After an abort, how long the handler gets to wind down before it is abandoned. */
  abortWaitMs: number;
  progressIntervalMs: number;
  onProgress?: (job: Job, percent: number, stage: string | null) => void;
}

type Settled = { ok: true } | { ok: false; err: unknown };
type AnyHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** One claimed job being worked on: the handler, its heartbeat, its progress, its ending. */
export class RunningJob {
  /** Resolves when the run has ended and its outcome is recorded; never rejects. */
  readonly finished: Promise<{ job: Job; outcome: JobOutcome }>;
  private readonly controller = new AbortController();
  private readonly log: Logger;
  private stopReason: 'shutdown' | 'lost' | null = null;
  private beating = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly claimed: ClaimedJob, private readonly deps: RunningJobDeps) {
    this.log = deps.log.child({ jobId: claimed.job.id, job: claimed.job.name });
    this.finished = this.run().catch((err: unknown) => {
      this.log.error({ err }, 'job run crashed');
      return { job: claimed.job, outcome: 'lost' as const };
    });
  }

  /** Asks the handler to stop. `shutdown` hands the job back; `lost` writes nothing more. */
  abort(reason: 'shutdown' | 'lost'): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    const message = reason === 'lost' ? 'job lease lost to another worker' : 'worker shutting down';
    this.controller.abort(new DOMException(message, 'AbortError'));
  }

  private async run(): Promise<{ job: Job; outcome: JobOutcome }> {
    const { job } = this.claimed;
    const { queue, workerId, leaseMs } = this.deps;
    const throttle = new ProgressThrottle(this.deps.progressIntervalMs, (percent, stage) => {
      // Chained so writes land in order even on an adapter whose calls can overlap.
      this.writes = this.writes
        .then(() => queue.progress(job.id, workerId, percent, stage))
        .catch((err: unknown) => this.log.warn({ err }, 'progress write failed'));
      this.callback(() => this.deps.onProgress?.(job, percent, stage));
    });
    const heartbeat = setInterval(() => void this.beat(), Math.max(1, Math.floor(leaseMs / 3)));
    let result: Settled;
    let abortedBy: typeof this.stopReason;
    try {
      result = await this.execute({ job, signal: this.controller.signal, log: this.log, progress: (p, s) => throttle.report(p, s) });
      // Decided when the handler settled: a shutdown starting later must not turn a failure into a release.
      abortedBy = this.stopReason;
    } finally {
      clearInterval(heartbeat);
      throttle.close();
    }
    await this.writes;
    try {
      if (abortedBy === 'lost') return { job, outcome: 'lost' };
      if (result.ok) {
        await queue.complete(job.id, workerId);
        return { job: await this.latest(), outcome: 'done' };
      }
      if (abortedBy === 'shutdown') {
        await queue.release(job.id, workerId);
        return { job: await this.latest(), outcome: 'released' };
      }
      this.log.warn({ err: result.err }, 'job attempt failed');
      const failed = await queue.fail(job.id, workerId, describeError(result.err), { retryable: isRetryable(result.err) });
      return { job: failed, outcome: failed.status === 'queued' ? 'retrying' : 'failed' };
    } catch (err) {
      this.log.error({ err }, 'could not record the job outcome; its lease will expire and it will run again');
      return { job, outcome: 'lost' };
    }
  }

  /** Runs the handler; once aborted, waits at most `abortWaitMs` more for it to settle. */
  private async execute(ctx: JobContext): Promise<Settled> {
    const handler = this.deps.handlers[this.claimed.job.name] as unknown as AnyHandler | undefined;
    // Retryable on purpose: during a rolling deploy another (newer) process may have the handler.
    if (typeof handler !== 'function') return { ok: false, err: new Error(`no handler for job ${this.claimed.job.name}`) };
    const settled = Promise.resolve()
      .then(() => handler(this.claimed.payload, ctx))
      .then((): Settled => ({ ok: true }), (err: unknown): Settled => ({ ok: false, err }));
    const { signal } = this.controller;
    const aborted = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }));
    const first = await Promise.race([settled, aborted]);
    if (first) return first;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abandoned = new Promise<Settled>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ abortWaitMs: this.deps.abortWaitMs }, 'handler ignored its abort signal; abandoning it');
        resolve({ ok: false, err: signal.reason });
      }, this.deps.abortWaitMs);
    });
    try {
      return await Promise.race([settled, abandoned]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Keeps the lease; when the queue says the job is no longer ours, the handler is aborted. */
  private async beat(): Promise<void> {
    if (this.beating || this.stopReason === 'lost') return;
    this.beating = true;
    try {
      if (!(await this.deps.queue.heartbeat(this.claimed.job.id, this.deps.workerId, this.deps.leaseMs))) {
        this.log.warn('job lease lost; aborting handler');
        this.abort('lost');
      }
    } catch (err) {
      // A busy or briefly unreachable store is not a lost lease: try again next beat.
      this.log.warn({ err }, 'heartbeat failed');
    } finally {
      this.beating = false;
    }
  }

  private async latest(): Promise<Job> {
    return (await this.deps.queue.get(this.claimed.job.id).catch(() => null)) ?? this.claimed.job;
  }

  private callback(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'job callback threw');
    }
  }
}
