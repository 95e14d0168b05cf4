import type { Logger } from 'pino';

/**
 * Periodic housekeeping of one process (sweeps, expiries, re-checks): each task runs on its own timer,
 * never overlaps itself, logs instead of throwing, and stops with the platform. Timers are unref'd so
 * housekeeping alone never keeps a process alive.
 */
export class Maintenance {
  private readonly timers = new Set<ReturnType<typeof setInterval>>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly log: Logger) {}

  every(name: string, everyMs: number, task: () => Promise<unknown>): void {
    if (this.stopped) return;
    let busy = false;
    const tick = () => {
      if (busy || this.stopped) return;
      busy = true;
      const run = task()
        .then((result) => {
          if (typeof result === 'number' && result > 0) this.log.info({ task: name, count: result }, 'housekeeping');
        })
        .catch((err: unknown) => this.log.warn({ err, task: name }, 'housekeeping task failed; retrying at the next interval'))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    };
    const timer = setInterval(tick, everyMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Stops the timers and waits for tasks already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
