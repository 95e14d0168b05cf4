import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axiosTransport, type AxiosLikeConfig } from './axios-transport';
import { startTestServer, type TestServer } from './test-server';
import { fetchTransport } from './transport';
import { apiRoot, queryString } from './url';

describe('url helpers', () => {
  it('normalises the base URL to one /api/v1', () => {
    for (const base of ['https://h', 'https://h/', 'https://h/api/v1', 'https://h/api/v1/']) expect(apiRoot(base)).toBe('https://h/api/v1');
    expect(apiRoot('https://h/cutaway/')).toBe('https://h/cutaway/api/v1');
  });
  it('drops empty values and joins lists with commas', () => {
    expect(queryString({ a: undefined, b: null, c: [], d: ['x', 'y z'], e: 0, f: false })).toBe('?d=x%2Cy%20z&e=0&f=false');
    expect(queryString({})).toBe('');
  });
});

describe('fetchTransport', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  it('resolves on error statuses with lower-case headers and the parsed body', async () => {
    server.routes['GET /x'] = { status: 409, body: { error: { code: 'internal', message: 'no' } }, headers: { 'X-Request-Id': 'r1' } };
    const res = await fetchTransport().request({ method: 'GET', url: `${server.baseUrl}/x`, headers: {}, query: { a: 'b', skip: undefined } });
    expect(res).toMatchObject({ status: 409, body: { error: { message: 'no' } } });
    expect(res.headers['x-request-id']).toBe('r1');
    expect(server.requests[0]?.url).toBe('/x?a=b');
  });

  it('returns undefined for an empty body and the text for a non-JSON one', async () => {
    server.routes['DELETE /x'] = { status: 204 };
    server.routes['GET /html'] = { status: 502, body: '<h1>bad</h1>' };
    expect((await fetchTransport().request({ method: 'DELETE', url: `${server.baseUrl}/x`, headers: {} })).body).toBeUndefined();
    expect((await fetchTransport().request({ method: 'GET', url: `${server.baseUrl}/html`, headers: {} })).body).toBe('<h1>bad</h1>');
  });

  it('sends JSON with its content type, and binary bodies untouched', async () => {
    server.routes['POST /x'] = { status: 200, body: {} };
    await fetchTransport().request({ method: 'POST', url: `${server.baseUrl}/x`, headers: {}, body: { a: 1 } });
    await fetchTransport().request({ method: 'POST', url: `${server.baseUrl}/x`, headers: {}, body: new Uint8Array([1, 2, 3]) });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.body.toString()).toBe('{"a":1}');
    expect(server.requests[1]?.headers['content-type']).not.toBe('application/json');
    expect([...server.requests[1]!.body]).toEqual([1, 2, 3]);
  });

  it('reads arraybuffer responses', async () => {
    server.routes['GET /bin'] = { status: 200, body: 'abc' };
    const res = await fetchTransport().request({ method: 'GET', url: `${server.baseUrl}/bin`, headers: {}, responseType: 'arraybuffer' });
    expect(new TextDecoder().decode(res.body as ArrayBuffer)).toBe('abc');
  });

  it('calls the injected fetch as a plain function', async () => {
    const calls: unknown[] = [];
    const fake = (async function (this: unknown, url: string) {
      calls.push([this, url]);
      return new Response('{"ok":true}', { status: 200 });
    }) as unknown as typeof fetch;
    const res = await fetchTransport(fake).request({ method: 'GET', url: 'http://h/x', headers: {}, query: { q: 'a b' } });
    expect(res.body).toEqual({ ok: true });
    expect(calls).toEqual([[undefined, 'http://h/x?q=a%20b']]);
  });
});

describe('axiosTransport', () => {
  const fakeAxios = (reply: { status: number; headers: unknown; data: unknown }) => {
    const configs: AxiosLikeConfig[] = [];
    return { configs, instance: { request: async (c: AxiosLikeConfig) => (configs.push(c), reply) } };
  };

  it('asks axios for every status, text bodies and unlimited upload size; sends JSON like fetchTransport', async () => {
    const { configs, instance } = fakeAxios({ status: 500, headers: { 'Content-Type': 'application/json', 'set-cookie': ['a', 'b'], toJSON() {} }, data: '{"error":{}}' });
    const res = await axiosTransport(instance).request({ method: 'PATCH', url: 'http://h/x', headers: { accept: 'application/json' }, query: { t: ['a', 'b'] }, body: { a: 1 } });
    expect(res).toEqual({ status: 500, headers: { 'content-type': 'application/json', 'set-cookie': 'a, b' }, body: { error: {} } });
    const [c] = configs;
    expect(c).toMatchObject({ method: 'PATCH', url: 'http://h/x?t=a%2Cb', data: '{"a":1}', responseType: 'text', maxBodyLength: Infinity });
    expect(c?.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
    expect(c?.validateStatus(503)).toBe(true);
  });

  it('decodes empty bodies, passes FormData through and returns Buffers as ArrayBuffers', async () => {
    const empty = fakeAxios({ status: 204, headers: {}, data: '' });
    const form = new FormData();
    expect((await axiosTransport(empty.instance).request({ method: 'POST', url: 'u', headers: {}, body: form })).body).toBeUndefined();
    expect(empty.configs[0]?.data).toBe(form);
    expect(empty.configs[0]?.headers).toEqual({});
    const bin = fakeAxios({ status: 200, headers: {}, data: Buffer.from('xyz') });
    const res = await axiosTransport(bin.instance).request({ method: 'GET', url: 'u', headers: {}, responseType: 'arraybuffer' });
    expect(res.body).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(res.body as ArrayBuffer)).toBe('xyz');
  });
});
