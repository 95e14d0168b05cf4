import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@cutaway/shared';
import { OpenAiHttp, type OpenAiHttpOptions } from '../../src/adapters/openai-compatible/http';
import { backoffMs, retryAfterMs } from '../../src/adapters/openai-compatible/retry';
import { apiError, json, startFakeServer, type FakeServer, type Handler } from './fake-server';

const Ok = z.object({ ok: z.literal(true) });
let server: FakeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers with `script[i]` for the i-th request, the last entry repeating. */
async function scripted(...script: Handler[]): Promise<FakeServer> {
  server = await startFakeServer((req, res) => script[Math.min(server!.requests.length - 1, script.length - 1)]!(req, res));
  return server;
}

const ok: Handler = (_req, res) => json(res, 200, { ok: true });
const never: Handler = () => {};
const client = (s: FakeServer, o: Partial<OpenAiHttpOptions> = {}) => new OpenAiHttp({ baseUrl: s.baseUrl, retryBaseMs: 20, ...o });
/**
 * Records the waits the client asks for and skips them: the delay it chose is the behaviour under test, and
 * how long a real wait took is a benchmark's business (bench/timing.bench.ts).
 */
const recordingSleep = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};
/** Longer than the test timeout: a client that ignored an abort would fail the test by hanging. */
const FOREVER_MS = 120_000;

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('OpenAiHttp retries', () => {
  it('waits out 429 Retry-After (seconds) and then succeeds', async () => {
    const s = await scripted((_q, res) => apiError(res, 429, 'Rate limit reached', { 'retry-after': '1' }), ok);
    // A backoff base of 5 s would show if the header were ignored.
    const rec = recordingSleep();
    await expect(client(s, { retryBaseMs: 5000, sleep: rec.sleep }).post('/chat/completions', { a: 1 }, Ok)).resolves.toEqual({ ok: true });
    expect(s.requests).toHaveLength(2);
    expect(rec.waits).toEqual([1000]);
  });

  it('prefers retry-after-ms to retry-after', async () => {
    const s = await scripted((_q, res) => apiError(res, 429, 'slow down', { 'retry-after-ms': '300', 'retry-after': '30' }), ok);
    const rec = recordingSleep();
    await expect(client(s, { retryBaseMs: 5000, sleep: rec.sleep }).post('/embeddings', {}, Ok)).resolves.toEqual({ ok: true });
    expect(rec.waits).toEqual([300]);
  });

  it('does not sit out a Retry-After longer than maxRetryAfterMs', async () => {
    const s = await scripted((_q, res) => apiError(res, 429, 'quota', { 'retry-after': '3600' }));
    const rec = recordingSleep();
    const e = await failure(client(s, { sleep: rec.sleep }).post('/embeddings', {}, Ok));
    expect(e.code).toBe('ai.rate_limited');
    expect(e.details).toMatchObject({ status: 429, attempts: 1, retryAfterMs: 3_600_000 });
    expect(rec.waits).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds on the second attempt', async () => {
    const s = await scripted((_q, res) => apiError(res, 500, 'The server had an error'), ok);
    await expect(client(s).post('/embeddings', {}, Ok)).resolves.toEqual({ ok: true });
    expect(s.requests).toHaveLength(2);
  });

  it('stops after maxRetries + 1 attempts with ai.unavailable', async () => {
    const s = await scripted((_q, res) => apiError(res, 503, 'overloaded'));
    const e = await failure(client(s, { maxRetries: 2 }).post('/embeddings', {}, Ok));
    expect(e.code).toBe('ai.unavailable');
    expect(e.details).toMatchObject({ status: 503, attempts: 3, providerMessage: 'overloaded' });
    expect(s.requests).toHaveLength(3);
  });

  it('times out a server that never answers, after bounded retries, in bounded time', async () => {
    const s = await scripted(never);
    const rec = recordingSleep();
    const e = await failure(client(s, { timeoutMs: 300, maxRetries: 2, sleep: rec.sleep }).post('/chat/completions', {}, Ok));
    expect(e.code).toBe('ai.unavailable');
    expect(e.details).toMatchObject({ network: 'timeout', attempts: 3 });
    expect(s.requests).toHaveLength(3);
    // Two backoffs between three attempts, growing (retryBaseMs 20: 10–20 ms, then 20–40 ms with jitter).
    expect(rec.waits).toHaveLength(2);
    expect(rec.waits[0]).toBeLessThanOrEqual(20);
    expect(rec.waits[1]).toBeGreaterThanOrEqual(20);
  });

  it('does not retry a permanent 400', async () => {
    const s = await scripted((_q, res) => apiError(res, 400, "Invalid value for 'model'"));
    const e = await failure(client(s).post('/chat/completions', {}, Ok));
    expect(e.code).toBe('ai.rejected');
    expect(e.message).toContain("Invalid value for 'model'");
    expect(s.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports ai.unavailable with the network code', async () => {
    const s = await scripted(ok);
    const baseUrl = s.baseUrl;
    await s.close();
    server = undefined;
    const e = await failure(new OpenAiHttp({ baseUrl, retryBaseMs: 10, maxRetries: 1 }).post('/embeddings', {}, Ok));
    expect(e.code).toBe('ai.unavailable');
    expect(e.details).toMatchObject({ network: 'ECONNREFUSED', attempts: 2 });
  });

  it('reports a body that is not JSON, or not the documented shape, as ai.bad_response', async () => {
    const html: Handler = (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    const s = await scripted(html, (_q, res) => json(res, 200, { ok: 'yes' }));
    expect((await failure(client(s).post('/embeddings', {}, Ok))).code).toBe('ai.bad_response');
    const e = await failure(client(s).post('/embeddings', {}, Ok));
    expect(e.code).toBe('ai.bad_response');
    expect(e.message).toContain('ok');
    expect(s.requests).toHaveLength(2);
  });
});

describe('OpenAiHttp cancellation', () => {
  it("rejects at once with the caller's abort reason while a request hangs", async () => {
    const s = await scripted(never);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const e = await client(s, { timeoutMs: FOREVER_MS }).post('/embeddings', {}, Ok, { signal: ac.signal }).catch((err: unknown) => err);
    expect((e as Error).name).toBe('AbortError');
    expect(s.requests).toHaveLength(1);
  });

  it('rejects at once when aborted during a backoff wait, without another attempt', async () => {
    const s = await scripted((_q, res) => apiError(res, 503, 'busy'));
    const ac = new AbortController();
    const reason = new Error('job cancelled');
    setTimeout(() => ac.abort(reason), 200);
    await expect(client(s, { retryBaseMs: FOREVER_MS, maxBackoffMs: FOREVER_MS }).post('/embeddings', {}, Ok, { signal: ac.signal })).rejects.toBe(reason);
    expect(s.requests).toHaveLength(1);
  });

  it('does not send anything when already aborted', async () => {
    const s = await scripted(ok);
    await expect(client(s).post('/embeddings', {}, Ok, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(0);
  });
});

describe('retry policy', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, 7000],
    [{ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, 0],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': 'soon' }, null],
    [{}, null],
  ])('retryAfterMs(%j) = %s', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });
});
