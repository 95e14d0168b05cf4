import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenAiHttp } from '../../src/adapters/openai-compatible/http';
import { apiError, json, startFakeServer, type FakeServer } from './fake-server';

const KEY = 'sk-test-4f9c2e7a1b8d6053-SECRET';
const Ok = z.object({ ok: z.literal(true) });
let server: FakeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A pino logger at trace level writing into a string, as main.ts's logger would write to stdout. */
function capturedLogger() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { log: pino({ level: 'trace' }, stream), text: () => text };
}

/** Everything a thrown error could show: message, details, cause, stack, and a deep inspect. */
function everything(err: unknown): string {
  const e = err as Error & { details?: unknown; cause?: unknown };
  return [e.message, e.stack, JSON.stringify(e.details), String(e.cause), inspect(e, { depth: 10, showHidden: true })].join('\n');
}

describe('the API key never leaks', () => {
  it('is sent as a bearer token but redacted from errors and logs, even when the provider echoes it', async () => {
    server = await startFakeServer((req, res) => {
      const n = server!.requests.length;
      // A misbehaving proxy echoing our headers, then OpenAI's own 401 wording quoting the key.
      if (n === 1) return json(res, 502, { error: { message: `upstream failed; headers: ${JSON.stringify(req.headers)}` } });
      return apiError(res, 401, `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`);
    });
    const logs = capturedLogger();
    const http = new OpenAiHttp({ baseUrl: server.baseUrl, apiKey: KEY, log: logs.log, retryBaseMs: 10 });
    const err = await http.post('/chat/completions', { model: 'm' }, Ok).catch((e: unknown) => e);
    logs.log.error({ err }, 'enrichment failed'); // what a job handler would do with it

    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(err).toMatchObject({ code: 'ai.rejected', details: { status: 401, attempts: 2 } });
    expect(everything(err)).toContain('[redacted]');
    expect(everything(err)).not.toContain(KEY);
    expect(everything(err)).not.toContain('SECRET');
    expect(logs.text()).toContain('retrying');
    expect(logs.text()).not.toContain('SECRET');
  });

  it('stays out of network and timeout errors, which axios would carry its request config in', async () => {
    server = await startFakeServer(() => {});
    const logs = capturedLogger();
    const http = new OpenAiHttp({ baseUrl: server.baseUrl, apiKey: KEY, log: logs.log, timeoutMs: 150, maxRetries: 1, retryBaseMs: 10 });
    const timeout = await http.post('/embeddings', { input: ['x'] }, Ok).catch((e: unknown) => e);
    expect(timeout).toMatchObject({ code: 'ai.unavailable' });
    const baseUrl = server.baseUrl;
    await server.close();
    server = undefined;
    const refused = await new OpenAiHttp({ baseUrl, apiKey: KEY, log: logs.log, maxRetries: 0 }).post('/embeddings', {}, Ok).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'ai.unavailable', details: { network: 'ECONNREFUSED' } });
    for (const e of [timeout, refused]) {
      logs.log.error({ err: e }, 'failed');
      expect(everything(e)).not.toContain('SECRET');
    }
    expect(logs.text()).not.toContain('SECRET');
  });

  it('is not reachable through the client object itself', () => {
    const http = new OpenAiHttp({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY });
    expect(JSON.stringify(http)).not.toContain('SECRET');
    expect(inspect(http, { depth: 10 })).not.toContain('SECRET');
  });
});
