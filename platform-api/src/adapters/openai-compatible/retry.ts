/**
 * Pure retry policy for OpenAI-compatible servers: which failures are worth another attempt,
 * how long to wait, and an abortable sleep. Kept apart from the HTTP client so it is testable
 * without sockets or clocks.
 */

/**
 * 408 (server gave up waiting for us), 409 (OpenAI documents it for lock conflicts), 429 and
 * every 5xx are transient; any other 4xx means the request itself is wrong and will fail again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

type HeaderBag = Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  if (Array.isArray(v)) return v[0] === undefined ? undefined : String(v[0]);
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * How long the server asked us to wait, or null if it did not say. `retry-after-ms` (OpenAI's
 * own, more precise) wins over `retry-after`, which RFC 9110 allows as delta-seconds or an
 * HTTP-date. A date in the past means "now" (0).
 */
export function retryAfterMs(headers: HeaderBag, now: number = Date.now()): number | null {
  const ms = header(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const ra = header(headers, 'retry-after')?.trim();
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so concurrent
 * workers that failed together do not come back together, yet nobody retries instantly.
 * `retry` counts from 1.
 */
export function backoffMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Waits `ms`, rejecting at once (with the signal's reason, as Node's APIs do) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
