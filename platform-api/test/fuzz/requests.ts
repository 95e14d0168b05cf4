import type { RawRequest } from './raw-http';
import type { Rng } from './rng';

/** What the generator knows about the running server: paths from its OpenAPI document, tokens, real ids. */
export interface FuzzTarget {
  /** OpenAPI paths with their methods and query parameter names, already prefixed with /api/v1. */
  operations: Array<{ path: string; method: string; query: string[] }>;
  tokens: string[];
  ids: string[];
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PATCH', 'PUT', 'DELETE', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'get', 'TRACE', 'CONNECT'];

/** Odd path-segment values: encodings the router must reject cleanly, traversal, sizes, unicode. */
const ODD_IDS = ['%ff', '%', '%2e%2e%2f%2e%2e', '..', '%00', '%c0%af', encodeURIComponent('café 😀'), 'x'.repeat(3000), '-1', '0', 'null', '[object Object]', '%25ff', 'a%2Fb', '\u00ff'];
const ODD_QUERY_VALUES = ['', '-1', '0', '1e309', 'NaN', '99999999999999999999', '%ff', '%', 'true', 'a,b,,c', '"', '<script>', 'x'.repeat(5000), '2026-13-45', '*', '🎬', '%00'];

export function pathFor(r: Rng, t: FuzzTarget): { method: string; path: string; query: string[] } {
  const roll = r.next();
  if (roll < 0.72) {
    const op = r.pick(t.operations);
    const id = r.chance(0.5) && t.ids.length ? r.pick(t.ids) : r.chance(0.5) ? r.pick(ODD_IDS) : r.bytes(8).toString('hex');
    // The documented method most of the time, any method otherwise.
    return { method: r.chance(0.7) ? op.method.toUpperCase() : r.pick(METHODS), path: op.path.replaceAll('{id}', id), query: op.query };
  }
  if (roll < 0.86) {
    const tail = r.pick(['', `/${r.bytes(16).toString('hex')}`, `/${r.pick(ODD_IDS)}`, '/', '/..%2f..%2fadmin.token']);
    return { method: r.pick(['POST', 'POST', 'PATCH', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS', 'GET']), path: `/api/v1/uploads${tail}`, query: [] };
  }
  if (roll < 0.9) return { method: 'GET', path: '/api/v1/events', query: ['token'] };
  const junk = ['/', '//api/v1/assets', '/api/v1/', '/api/v1/../../etc/passwd', '/api/v1/%ff', '/api/v2/assets', `/api/v1/${'a/'.repeat(200)}`, '/api/v1/assets/', '/api/v1/openapi.json', '/favicon.ico', '/api/v1/assets/%ff/proxy', '/api/v1/assets/%E0%A4%A'];
  return { method: r.pick(METHODS), path: r.pick(junk), query: [] };
}

function queryFor(r: Rng, names: string[]): string {
  if (r.chance(0.4)) return '';
  const keys = [...names, 'limit', 'cursor', 'q', 'token', 'a[b]', '__proto__', 'constructor'];
  const parts = Array.from({ length: 1 + r.int(4) }, () => {
    const v = r.pick(ODD_QUERY_VALUES.concat(['1', '10', 'storm', 'speech', 'original', 'proxy']));
    // Raw values on purpose: %ff and friends must reach the server undecoded.
    return `${r.pick(keys)}=${v.includes(' ') ? encodeURIComponent(v) : v}`;
  });
  return `?${parts.join('&')}`;
}

function authFor(r: Rng, t: FuzzTarget): Array<[string, string]> {
  const roll = r.next();
  if (roll < 0.8) return [['Authorization', `Bearer ${r.pick(t.tokens)}`]];
  if (roll < 0.88) return [];
  return [['Authorization', r.pick(['Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(4000)}`, 'Bearer \u00ff\u00fe', `bearer ${r.pick(t.tokens)}`, 'Bearer a b c'])]];
}

const MULTIPART_CASES = ['good', 'duplicate-file', 'file-then-other-file', 'bad-part-header', 'no-boundary', 'wrong-boundary', 'truncated', 'many-fields', 'fields-only', 'odd-filename', 'empty-file', 'utf8-filename', 'bad-tags'] as const;

function multipart(r: Rng): { headers: Array<[string, string]>; body: Buffer; label: string } {
  const kind = r.pick(MULTIPART_CASES);
  const b = `----fuzz${r.bytes(6).toString('hex')}`;
  const file = (name: string, filename: string, bytes: Buffer) =>
    Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'latin1'), bytes, Buffer.from('\r\n')]);
  const field = (name: string, value: string) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8');
  const end = Buffer.from(`--${b}--\r\n`);
  const small = () => r.bytes(1 + r.int(64));
  let parts: Buffer[];
  let type = `multipart/form-data; boundary=${b}`;
  switch (kind) {
    case 'good': parts = [field('title', 'Fuzz'), file('file', 'a.bin', small()), end]; break;
    case 'duplicate-file': parts = [file('file', 'a.bin', small()), file('file', 'a.bin', small()), end]; break;
    case 'file-then-other-file': parts = [file('file', 'a.bin', small()), file(r.pick(['other', 'file2', '']), 'b.bin', small()), end]; break;
    case 'bad-part-header': parts = [file('file', 'a.bin', small()), Buffer.from(`--${b}\r\nContent-Disposition form-data name=\r\n\u0000\u0001garbage\r\n\r\nxx\r\n`, 'latin1'), end]; break;
    case 'no-boundary': type = 'multipart/form-data'; parts = [file('file', 'a.bin', small()), end]; break;
    case 'wrong-boundary': type = 'multipart/form-data; boundary=nope'; parts = [file('file', 'a.bin', small()), end]; break;
    case 'truncated': parts = [file('file', 'a.bin', small()).subarray(0, 40 + r.int(40))]; break;
    case 'many-fields': parts = [...Array.from({ length: 40 }, (_, i) => field(`f${i}`, 'v')), file('file', 'a.bin', small()), end]; break;
    case 'fields-only': parts = [field('title', 'x'.repeat(r.int(300))), field('tags', 'a,b'), end]; break;
    case 'odd-filename': parts = [file('file', r.pick(['../../etc/passwd', '', '\u00ff\u00fe', 'a"b', 'CON', '.', 'x'.repeat(600)]), small()), end]; break;
    case 'empty-file': parts = [file('file', 'empty.bin', Buffer.alloc(0)), end]; break;
    case 'utf8-filename': parts = [Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="café 😀.mp4"\r\n\r\n`, 'utf8'), small(), Buffer.from('\r\n')]), end]; break;
    case 'bad-tags': parts = [field('tags', r.pick([',,,', 'x'.repeat(70000), '\u0000', 'a'.repeat(300)])), field('title', ''), file('file', 'a.bin', small()), end]; break;
  }
  return { headers: [['Content-Type', type]], body: Buffer.concat(parts), label: `multipart:${kind}` };
}

const BROKEN_JSON = ['{', '{"title":', '[', 'null', '"string"', '{"title": 1e999}', '{"__proto__": {"admin": true}}', '{"tags": [1, {}, null]}', '\u0000', '{"a":'.repeat(500), `{"title":"${'x'.repeat(1_100_000)}"}`, '{"steps": ["speech", "nope"], "priority": -5}', '{"tier": "glacier"}', '{"days": 1e9}', '{"name": "", "role": "root"}', '{"path": "/etc", "tags": []}', '{"aliases": []}'];

function jsonBody(r: Rng): { headers: Array<[string, string]>; body: Buffer; label: string } {
  const text = r.pick(BROKEN_JSON);
  return { headers: [['Content-Type', r.pick(['application/json', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/json', 'application/merge-patch+json'])]], body: Buffer.from(text), label: `json:${text.slice(0, 30)}` };
}

/** Header oddities: lies about the body, tus headers out of range, ranges, huge values. */
function oddHeaders(r: Rng): Array<[string, string]> {
  const pool: Array<[string, string]> = [
    ['Tus-Resumable', r.pick(['1.0.0', '0.2.2', '', 'x'])],
    ['Upload-Length', r.pick(['0', '4', '-1', 'abc', '99999999999999999999', '1e3'])],
    ['Upload-Offset', r.pick(['0', '-1', 'abc', '4', '9999999'])],
    ['Upload-Metadata', r.pick(['filename YS5iaW4=', 'filename', 'filename !!!', 'title', ' , ,', `filename ${Buffer.from('../../x').toString('base64')}`, 'filename YQ==,tags eCx5'])],
    ['Upload-Defer-Length', r.pick(['1', '0', 'x'])],
    ['Range', r.pick(['bytes=0-1', 'bytes=-', 'bytes=999999999-', 'bytes=5-1', 'bytes=0-0,1-1,2-2', 'items=0-1', 'bytes=-0'])],
    ['X-Request-Id', r.pick(['', 'x'.repeat(1000), '\u00ff'])],
    ['Accept', r.pick(['*/*', 'application/xml', ''])],
    ['Content-Encoding', r.pick(['gzip', 'br', 'identity', 'nope'])],
    ['Expect', '100-continue'],
    ['Transfer-Encoding', 'chunked'],
    ['X-HTTP-Method-Override', 'DELETE'],
    ['Origin', 'http://evil.example'],
    ['Upgrade', 'websocket'],
    ['If-None-Match', '*'],
  ];
  return Array.from({ length: r.int(3) }, () => r.pick(pool)).filter(([k]) => k !== 'Transfer-Encoding');
}

/** One generated request; the same seed and index give the same bytes. */
export function generate(r: Rng, t: FuzzTarget): RawRequest {
  const { method, path, query } = pathFor(r, t);
  const headers: Array<[string, string]> = [...authFor(r, t), ...oddHeaders(r)];
  let body: Buffer = Buffer.alloc(0);
  let label = 'no-body';
  // The upload route gets mostly multipart, so the broken-form cases reach busboy rather than a 404.
  const uploadRoute = method === 'POST' && /\/api\/v1\/assets$/.test(path);
  const roll = uploadRoute ? r.next() * 0.4 : r.next();
  if (roll < 0.3) {
    const m = multipart(r);
    headers.push(...m.headers);
    body = m.body;
    label = m.label;
  } else if (roll < 0.6) {
    const j = jsonBody(r);
    headers.push(...j.headers);
    body = j.body;
    label = j.label;
  } else if (roll < 0.7) {
    headers.push(['Content-Type', r.pick(['application/octet-stream', 'application/offset+octet-stream', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/mixed; boundary=x', ''])]);
    body = r.bytes(r.int(2048));
    label = 'random-bytes';
  }
  // Framing: honest length, a lie either way, or chunked with a broken chunk.
  const framing = r.next();
  if (framing < 0.8 || body.length === 0) {
    if (body.length || r.chance(0.3)) headers.push(['Content-Length', String(body.length)]);
  } else if (framing < 0.87) {
    headers.push(['Content-Length', String(body.length + 1 + r.int(100))]); // longer than sent: the server waits, then we hang up
    label += '+length-long';
  } else if (framing < 0.93) {
    headers.push(['Content-Length', String(Math.max(0, body.length - 1 - r.int(10)))]); // shorter: the rest is a bogus next request
    label += '+length-short';
  } else {
    headers.push(['Transfer-Encoding', 'chunked']);
    body = Buffer.concat([Buffer.from(`${r.pick(['zz', body.length.toString(16), 'ffffffffffff', '-1'])}\r\n`), body, Buffer.from(r.chance(0.5) ? '\r\n0\r\n\r\n' : '\r\n')]);
    label += '+chunked';
  }
  return { method, target: `${path}${queryFor(r, query)}`, headers, body, label, hangUpEarly: label.endsWith('+length-long') || (label.endsWith('+chunked') && !body.toString('latin1').endsWith('0\r\n\r\n')) || label === 'multipart:truncated' };
}
