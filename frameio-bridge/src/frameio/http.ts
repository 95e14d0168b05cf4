import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { TokenProvider } from '../auth/ims';
import { backoffDelay, RateLimits, retryAfterMs } from './rate-limit';
import { sleep } from '../sleep';

export interface FrameioHttpOptions {
  base: string;
  tokens: TokenProvider;
  backoffMs: number;
  log: Logger;
  /** Attempts for 429 and 5xx/network errors before giving up. */
  maxAttempts?: number;
  fetchImpl?: typeof fetch;
}

export interface FrameioCall {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** V4 error body `{"errors":[{"detail", "title"?, "source"?}]}` (docs/frameio.md §1.10), reduced to one line. */
function errorDetail(body: unknown): string {
  const errors = (body as { errors?: Array<{ detail?: string; title?: string }> } | null)?.errors;
  return Array.isArray(errors) && errors.length ? errors.map((e) => e.detail ?? e.title ?? '').join('; ') : '';
}

/**
 * The one place Frame.io HTTP happens: Bearer token (refreshed once on a 401), per-endpoint pacing
 * from the rate-limit headers, exponential back-off on 429 and 5xx, errors as AppError with
 * Frame.io's detail. `op` is the OpenAPI operationId, the key the limits are kept under.
 */
export class FrameioHttp {
  private readonly limits = new RateLimits();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly o: FrameioHttpOptions) {
    this.fetchImpl = o.fetchImpl ?? fetch;
  }

  async call<T>(op: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, c: FrameioCall = {}): Promise<T> {
    const url = new URL(path, this.o.base);
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const maxAttempts = this.o.maxAttempts ?? 6;
    let reauthed = false;
    for (let attempt = 0; ; attempt++) {
      const wait = this.limits.waitFor(op, Date.now());
      if (wait > 0) await sleep(wait);
      const headers: Record<string, string> = { authorization: `Bearer ${await this.o.tokens.accessToken()}`, accept: 'application/json' };
      if (c.body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await this.fetchImpl(url, { method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
      } catch (cause) {
        if (attempt + 1 >= maxAttempts) throw new AppError('frameio.request_failed', `Frame.io unreachable (${op})`, { op }, { cause });
        await sleep(backoffDelay(this.o.backoffMs, attempt));
        continue;
      }
      const now = Date.now();
      this.limits.observe(op, res.headers, now);
      const text = await res.text();
      const body = text ? safeJson(text) : undefined;
      if (res.ok) return body as T;
      if (res.status === 401 && !reauthed) {
        reauthed = true;
        this.o.tokens.invalidate();
        attempt--;
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt + 1 >= maxAttempts) {
          throw new AppError(res.status === 429 ? 'frameio.rate_limited' : 'frameio.request_failed', `Frame.io ${op} failed with HTTP ${res.status} after ${maxAttempts} attempts`, { op, status: res.status });
        }
        const delay = Math.max(retryAfterMs(res.headers.get('retry-after'), now) ?? 0, backoffDelay(this.o.backoffMs, attempt));
        if (res.status === 429) this.limits.hold(op, now + delay);
        this.o.log.warn({ op, status: res.status, attempt: attempt + 1, delayMs: delay }, 'Frame.io asked us to slow down or failed; backing off');
        await sleep(delay);
        continue;
      }
      const detail = errorDetail(body);
      if (res.status === 401) throw new AppError('frameio.auth_failed', `Frame.io refused the token (${op})${detail ? `: ${detail}` : ''}`, { op });
      if (res.status === 404) throw new AppError('frameio.not_found', `Frame.io: not found (${op})${detail ? `: ${detail}` : ''}`, { op, path: url.pathname });
      throw new AppError('frameio.request_failed', `Frame.io ${op} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`, { op, status: res.status, detail });
    }
  }

  /** Follows `links.next` verbatim (an opaque cursor; docs/frameio.md §1.10) until it is null, bounded by `maxPages`. */
  async *paginate<T>(op: string, path: string, query: FrameioCall['query'] = {}, maxPages = 1000): AsyncGenerator<T> {
    let next: string | null = path;
    let q: FrameioCall['query'] = query;
    for (let page = 0; next && page < maxPages; page++) {
      const res: { data: T[]; links: { next: string | null } } = await this.call(op, 'GET', next, { query: q });
      for (const item of res.data) yield item;
      next = res.links?.next ?? null;
      q = {};
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
