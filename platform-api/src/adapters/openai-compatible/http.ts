import axios, { type AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { AppError } from '@cutaway/shared';
import { aiFailure, codeForStatus, describeStatus, providerMessage } from './errors';
import { abortReason, backoffMs, isRetryableStatus, retryAfterMs, sleep } from './retry';

export interface OpenAiHttpOptions {
  /** API root including the version prefix, as OpenAI's SDKs take it: `https://api.openai.com/v1`, `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; local servers usually need none. */
  apiKey?: string;
  /** Per attempt, not per call. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt (so at most maxRetries + 1 requests). Default 3. */
  maxRetries?: number;
  log?: Logger;
  /** First backoff step, doubled per retry up to `maxBackoffMs`. Defaults 500 ms and 8 s. */
  retryBaseMs?: number;
  maxBackoffMs?: number;
  /**
   * A server asking us to wait longer than this (default 60 s) is not waited out: we fail with
   * `ai.rate_limited` at once and let the job queue come back later instead of holding a worker.
   */
  maxRetryAfterMs?: number;
  /** How a wait between attempts happens; tests record the requested delays instead of timing them. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout (a 10-minute audio chunk takes longer than a chat). */
  timeoutMs?: number;
}

/** A JSON body, or a factory for a multipart body (rebuilt per attempt: a sent stream cannot be re-sent). */
export type RequestBody = Record<string, unknown> | (() => FormData);

type Attempt =
  | { ok: true; text: string }
  | { ok: false; error: AppError; retryable: boolean; waitMs: number | null };

/**
 * POSTs to an OpenAI-compatible server with bounded retries. Never throws an axios error and
 * never logs headers, so the API key cannot leak through errors or logs.
 */
export class OpenAiHttp {
  readonly #apiKey: string | undefined;
  readonly #axios: AxiosInstance;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #log: Logger | undefined;
  readonly #backoff: { baseMs: number; maxMs: number };
  readonly #maxRetryAfterMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(opts: OpenAiHttpOptions) {
    this.#apiKey = opts.apiKey || undefined;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#maxRetries = Math.max(0, Math.floor(opts.maxRetries ?? 3));
    this.#log = opts.log;
    this.#backoff = { baseMs: opts.retryBaseMs ?? 500, maxMs: opts.maxBackoffMs ?? 8_000 };
    this.#maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
    this.#sleep = opts.sleep ?? sleep;
    this.#axios = axios.create({
      baseURL: opts.baseUrl.replace(/\/+$/, ''),
      // We read status and body ourselves: axios errors carry the request headers.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      // Redirects would carry the Authorization header to wherever they point; APIs do not redirect.
      maxRedirects: 0,
      maxBodyLength: 64 << 20,
      maxContentLength: 64 << 20,
    });
  }

  /** POSTs `body` to `path` (e.g. `/embeddings`) and returns the zod-validated JSON response. */
  async post<T>(path: string, body: RequestBody, schema: ZodType<T>, opts: RequestOptions = {}): Promise<T> {
    const { signal } = opts;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      const res = await this.#attempt(path, body, attempt, opts);
      if (res.ok) return this.#parse(path, res.text, schema, attempt);
      const last = attempt > this.#maxRetries;
      if (!res.retryable || last) throw res.error;
      if (res.waitMs !== null && res.waitMs > this.#maxRetryAfterMs) throw res.error;
      const delayMs = res.waitMs ?? backoffMs(attempt, this.#backoff);
      const d = res.error.details as { status?: number; network?: string };
      this.#log?.warn({ endpoint: path, attempt, status: d.status, network: d.network, delayMs }, 'AI request failed; retrying');
      await this.#sleep(delayMs, signal);
    }
  }

  async #attempt(path: string, body: RequestBody, attempt: number, opts: RequestOptions): Promise<Attempt> {
    const timeoutMs = opts.timeoutMs ?? this.#timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#apiKey) headers.Authorization = `Bearer ${this.#apiKey}`;
    const data = typeof body === 'function' ? body() : body;
    try {
      const res = await this.#axios.post<string>(path, data, { headers, signal, timeout: timeoutMs });
      const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
      if (res.status >= 200 && res.status < 300) return { ok: true, text };
      const provider = providerMessage(text, this.#apiKey);
      const retryable = isRetryableStatus(res.status);
      const waitMs = retryable ? retryAfterMs(res.headers as Record<string, unknown>) : null;
      const details = { endpoint: path, attempts: attempt, status: res.status, providerMessage: provider, ...(waitMs === null ? {} : { retryAfterMs: waitMs }) };
      const error = aiFailure(codeForStatus(res.status), describeStatus(path, res.status, provider), details, this.#apiKey);
      return { ok: false, error, retryable, waitMs };
    } catch (e) {
      // The caller's abort wins over everything, and is not ours to translate.
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      const err = e as { code?: string; message?: string };
      if (err.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(err.message ?? '')) {
        // An answer too large to hold will be as large next time (a body cut off mid-stream, same code, is retried).
        const error = aiFailure('ai.bad_response', `AI provider answered ${path} with an oversized body`, { endpoint: path, attempts: attempt }, this.#apiKey, err.message ?? '');
        return { ok: false, error, retryable: false, waitMs: null };
      }
      const timedOut = timeout.aborted || err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT';
      const network = timedOut ? 'timeout' : (err.code ?? 'network');
      const message = timedOut
        ? `AI provider did not answer ${path} within ${timeoutMs} ms`
        : `AI provider unreachable on ${path} (${network})`;
      const error = aiFailure('ai.unavailable', message, { endpoint: path, attempts: attempt, network }, this.#apiKey, `${network}: ${err.message ?? ''}`);
      return { ok: false, error, retryable: true, waitMs: null };
    }
  }

  #parse<T>(path: string, text: string, schema: ZodType<T>, attempts: number): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw aiFailure('ai.bad_response', `AI provider answered ${path} with something other than JSON`, { endpoint: path, attempts }, this.#apiKey);
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw aiFailure('ai.bad_response', `AI provider answered ${path} in an unexpected shape: ${issues.join('; ')}`, { endpoint: path, attempts }, this.#apiKey);
  }
}
