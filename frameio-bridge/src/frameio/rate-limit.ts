/**
 * Per-endpoint pacing from Frame.io's headers (docs/frameio.md §1.9): every response carries
 * x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-window (ms), per endpoint and account user,
 * refilled as a leaky bucket. With nothing left we wait for one request's worth of refill
 * (window / limit) before the next call to that endpoint.
 */
export class RateLimits {
  private readonly notBefore = new Map<string, number>();

  /** Milliseconds to wait before calling `op`. */
  waitFor(op: string, nowMs: number): number {
    return Math.max(0, (this.notBefore.get(op) ?? 0) - nowMs);
  }

  observe(op: string, headers: Headers, nowMs: number): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const windowMs = Number(headers.get('x-ratelimit-window'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining)) return;
    if (remaining > 0 || !(limit > 0) || !(windowMs > 0)) {
      this.notBefore.delete(op);
      return;
    }
    this.notBefore.set(op, nowMs + Math.ceil(windowMs / limit));
  }

  /** After a 429: hold the endpoint for the back-off. */
  hold(op: string, untilMs: number): void {
    this.notBefore.set(op, Math.max(untilMs, this.notBefore.get(op) ?? 0));
  }
}

/** Exponential back-off with full jitter: base·2^attempt, capped, never below half (docs: start at about 1 s). */
export function backoffDelay(baseMs: number, attempt: number, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After in seconds or as an HTTP date; not documented by Frame.io, honoured when present. */
export function retryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}
