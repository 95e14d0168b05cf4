/**
 * Turns a handler's progress calls (possibly one per decoded frame) into at most one
 * write per `intervalMs`. The latest value is never dropped: it is written when the
 * interval ends, and 100 is written at once so "finished" never waits on a timer.
 */
export class ProgressThrottle {
  private lastWrite = Number.NEGATIVE_INFINITY;
  private pending: { percent: number; stage: string | null } | null = null;
  private stage: string | null = null;
  private last: { percent: number; stage: string | null } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly write: (percent: number, stage: string | null) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** `stage` omitted keeps the current stage, so `progress(40)` inside "proxy" stays "proxy". */
  report(percent: number, stage?: string): void {
    if (this.closed || !Number.isFinite(percent)) return;
    if (stage !== undefined) this.stage = stage;
    // Whole percents: stage weights multiply into float noise (27.099999999999998) nobody wants on the wire.
    const whole = Math.round(Math.min(100, Math.max(0, percent)));
    // An unchanged value is not news: with nothing newer waiting, it costs neither a write nor an event.
    if (!this.pending && this.last && this.last.percent === whole && this.last.stage === this.stage) return;
    this.pending = { percent: whole, stage: this.stage };
    const wait = this.lastWrite + this.intervalMs - this.now();
    if (this.pending.percent >= 100 || wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Stops writing; a value still waiting for its slot is dropped (the job is finishing anyway). */
  close(): void {
    this.closed = true;
    this.pending = null;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.pending;
    if (!value || this.closed) return;
    this.pending = null;
    this.lastWrite = this.now();
    this.last = value;
    this.write(value.percent, value.stage);
  }
}
