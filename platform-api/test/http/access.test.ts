import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ADMIN, inProcessPlatform } from './in-process';

const PUBLIC = 'https://cutaway.example.test:9443';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TUS = { 'tus-resumable': '1.0.0' };

/** Issue 7 "Access", on the real platform (SQLite, local disk, real HTTP and ws). */
describe('access hardening', () => {
  let p: Awaited<ReturnType<typeof inProcessPlatform>>;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };

  beforeAll(async () => {
    p = await inProcessPlatform({ CUTAWAY_PUBLIC_URL: `${PUBLIC}/`, CUTAWAY_FRAME_ANCESTORS: "'self' https://inews.example.test", CUTAWAY_WS_RECHECK_MS: '200' });
    alice = await p.token('alice', 'editor');
    bob = await p.token('bob', 'editor');
  });
  afterAll(async () => p?.close());

  const createUpload = (token: string, body = 'hello', host?: string) =>
    p.call(token, '/api/v1/uploads', {
      method: 'POST',
      headers: { ...TUS, 'upload-length': String(Buffer.byteLength(body)), 'upload-metadata': `filename ${b64('clip.mp4')}`, ...(host ? { host } : {}) },
    });
  const uploadPath = (location: string) => new URL(location).pathname;

  it('security headers on every answer, with the configured frame-ancestors', async () => {
    for (const path of ['/api/v1/health', '/api/v1/nope', '/api/v1/assets']) {
      const res = await p.call(path === '/api/v1/health' ? null : ADMIN, path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("img-src 'self' blob: data:");
      expect(csp).toContain("media-src 'self' blob: data:");
      expect(csp).toContain("connect-src 'self' ws: wss:");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'self' https://inews.example.test");
    }
  });

  it('/health without a token says only ok and the version; with one, the components', async () => {
    const anon = await p.call(null, '/api/v1/health');
    expect(anon.status).toBe(200);
    expect(anon.body).toEqual({ ok: true, version: expect.any(String) });
    const wrong = await p.call('not-a-token', '/api/v1/health');
    expect(Object.keys(wrong.body).sort()).toEqual(['ok', 'version']);
    const viewer = await p.token('viewer', 'viewer');
    const full = await p.call(viewer.token, '/api/v1/health');
    expect(Object.keys(full.body.components).sort()).toEqual(['db', 'enrichment', 'ffmpeg', 'queue', 'storage']);
  });

  it('tus Location comes from CUTAWAY_PUBLIC_URL, never from the Host header', async () => {
    const res = await createUpload(alice.token, 'hello', 'evil.example.test:666');
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${PUBLIC}/api/v1/uploads/[0-9a-f]+$`));
  });

  it('a tus upload belongs to its creator: another editor cannot HEAD, PATCH or DELETE it; an admin can', async () => {
    const created = await createUpload(alice.token, 'hello');
    const path = uploadPath(created.headers.get('location')!);
    const patch = (token: string, offset: number, bytes: string) =>
      p.call(token, path, { method: 'PATCH', headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body: bytes });

    for (const res of [await p.call(bob.token, path, { method: 'HEAD', headers: TUS }), await patch(bob.token, 0, 'EVIL!'), await p.call(bob.token, path, { method: 'DELETE', headers: TUS })]) {
      expect(res.status).toBe(403);
    }
    const head = await p.call(alice.token, path, { method: 'HEAD', headers: TUS });
    expect([head.status, head.headers.get('upload-offset')]).toEqual([200, '0']);
    expect((await p.call(ADMIN, path, { method: 'HEAD', headers: TUS })).status).toBe(200);
    const ok = await patch(alice.token, 0, 'hello');
    expect(ok.status).toBe(204);
    const assetId = ok.headers.get('x-cutaway-asset-id');
    expect((await p.call(alice.token, `/api/v1/assets/${assetId}`)).body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('identical bytes: the multipart answer and the tus answer name the first asset in duplicateOf', async () => {
    const form = () => {
      const f = new FormData();
      f.set('file', new Blob([Buffer.from('the very same bytes')]), 'café 😀.mp4');
      return f;
    };
    const first = await p.call(alice.token, '/api/v1/assets', { method: 'POST', body: form() });
    expect(first.status).toBe(201);
    expect(first.body.duplicateOf).toBeNull();
    // RFC 7578 file names are UTF-8: not read as latin1 (issue 7 "Correctness").
    expect(first.body.fileName).toBe('café 😀.mp4');
    const second = await p.call(bob.token, '/api/v1/assets', { method: 'POST', body: form() });
    expect(second.status).toBe(201);
    expect(second.body.duplicateOf).toBe(first.body.id);

    const created = await createUpload(alice.token, 'the very same bytes');
    const done = await p.call(alice.token, uploadPath(created.headers.get('location')!), {
      method: 'PATCH', headers: { ...TUS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: 'the very same bytes',
    });
    expect(done.status).toBe(204);
    expect(done.headers.get('x-cutaway-duplicate-of')).toBe(first.body.id);
    expect(done.headers.get('x-cutaway-asset-id')).not.toBe(first.body.id);
  });

  const openSocket = async (token: string) => {
    const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}/api/v1/events?token=${encodeURIComponent(token)}`);
    const closed = new Promise<{ code: number; reason: string }>((ok) => ws.once('close', (code, reason) => ok({ code, reason: String(reason) })));
    await new Promise<void>((ok, fail) => (ws.once('open', () => ok()), ws.once('error', fail)));
    return { ws, closed };
  };

  it('revoking a token closes its open WebSocket at once; other sockets stay open', async () => {
    const doomed = await p.token('doomed panel', 'viewer');
    const a = await openSocket(doomed.token);
    const b = await openSocket(alice.token);
    expect((await p.call(ADMIN, `/api/v1/tokens/${doomed.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await a.closed).toEqual({ code: 1008, reason: 'token revoked' });
    expect(b.ws.readyState).toBe(WebSocket.OPEN);
    b.ws.close();
  });

  it('a revocation written by another process is noticed by the timed re-check', async () => {
    const doomed = await p.token('other-process panel', 'viewer');
    const a = await openSocket(doomed.token);
    // Another API process sharing the catalog: a second connection to the same SQLite file revokes the token.
    const { openSqlite } = await import('../../src/adapters/sqlite/database');
    const { join } = await import('node:path');
    const db = openSqlite(join(p.dataDir, 'cutaway.db'));
    try {
      expect(db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), doomed.id).changes).toBe(1);
    } finally {
      db.close();
    }
    expect(await a.closed).toEqual({ code: 1008, reason: 'token revoked' });
  });
});
