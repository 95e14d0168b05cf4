import { request } from 'node:http';
import { readdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetSchema } from '@cutaway/shared';
import { generateNotMedia, generateTruncated, generateNewsClip } from '../media/generate';
import { api, listen, startServer, tempDir, upload, eventually, type ServerProcess } from './harness';

/** Bad input gets a clear, typed error and loses nothing (issue 2 "Bad input"). */
describe('bad input (real process)', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let viewer: string;

  beforeAll(async () => {
    data = await tempDir('bad-data');
    media = await tempDir('bad-media');
    // Enrichment has its own suite; here it would only compete for the CPU.
    server = await startServer(data.dir, { CUTAWAY_ADMIN_TOKEN: 'admin-secret-for-tests-0123456789', CUTAWAY_ENRICH: 'off' });
    const res = await api(server.url, server.adminToken, '/api/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'desk viewer', role: 'viewer' }),
    });
    expect(res.status).toBe(201);
    viewer = res.body.token;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('health needs no token (then says only ok and the version); with one it reports each component', async () => {
    const anon = await api(server.url, null, '/api/v1/health');
    expect([anon.status, Object.keys(anon.body).sort()]).toEqual([200, ['ok', 'version']]);
    const res = await api(server.url, viewer, '/api/v1/health');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.components).sort()).toEqual(['db', 'enrichment', 'ffmpeg', 'queue', 'storage']);
    expect(res.body.components.ffmpeg.version).toMatch(/\d/);
  });

  it('401 without a token, with a wrong one, and with a revoked one', async () => {
    expect((await api(server.url, null, '/api/v1/assets')).body.error.code).toBe('auth.required');
    const wrong = await api(server.url, 'nope', '/api/v1/assets');
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'auth.invalid_token']);
    const created = await api(server.url, server.adminToken, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'temp', role: 'editor' }) });
    expect((await api(server.url, created.body.token, '/api/v1/assets')).status).toBe(200);
    expect((await api(server.url, server.adminToken, `/api/v1/tokens/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(server.url, created.body.token, '/api/v1/assets')).status).toBe(401);
    expect((await api(server.url, null, '/api/v1/openapi.json')).status).toBe(401);
  });

  it('403 for a viewer writing or managing tokens; reads are fine', async () => {
    expect((await api(server.url, viewer, '/api/v1/assets')).status).toBe(200);
    const w = await api(server.url, viewer, '/api/v1/assets/abcdef123', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' });
    expect([w.status, w.body.error.code]).toEqual([403, 'auth.forbidden']);
    expect((await api(server.url, viewer, '/api/v1/tokens')).status).toBe(403);
  });

  it('404 with a code for unknown ids and routes', async () => {
    const a = await api(server.url, server.adminToken, '/api/v1/assets/doesnotexist1');
    expect([a.status, a.body.error.code]).toEqual([404, 'asset.not_found']);
    expect((await api(server.url, server.adminToken, '/api/v1/jobs/doesnotexist1')).body.error.code).toBe('job.not_found');
    expect((await api(server.url, server.adminToken, '/api/v1/nothing-here')).body.error.code).toBe('route.not_found');
  });

  it('400 listing the fields for malformed bodies and queries', async () => {
    const bad = await api(server.url, server.adminToken, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "", "role": "god"}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.name', 'body.role']);
    const malformed = await api(server.url, server.adminToken, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'request.invalid']);
    const q = await api(server.url, server.adminToken, '/api/v1/search?q=&limit=9999');
    expect(q.status).toBe(400);
    expect(q.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.limit', 'query.q']);
  });

  it('a non-media upload is catalogued, then failed with ffprobe\'s reason; a truncated MP4 too', async () => {
    const events = await listen(server.url, server.adminToken);
    await generateNotMedia(`${media.dir}/notes.mp4`);
    const clip = `${media.dir}/clip.mp4`;
    await generateNewsClip(clip, { durationS: 3, width: 320, height: 180, fps: 25, cutsAtS: [] });
    await generateTruncated(clip, `${media.dir}/cut-off.mp4`);
    for (const name of ['notes.mp4', 'cut-off.mp4']) {
      const res = await upload(server.url, server.adminToken, `${media.dir}/${name}`);
      expect(res.status).toBe(201);
      const failed = await events.waitFor((e) => e.type === 'asset.failed' && e.assetId === res.body.id, 30_000);
      expect(failed.type === 'asset.failed' && failed.failure.code).toBe('media.probe_failed');
      const asset = AssetSchema.parse((await api(server.url, server.adminToken, `/api/v1/assets/${res.body.id}`)).body);
      expect(asset.status).toBe('failed');
      expect(asset.failure?.message).toMatch(/invalid data|moov atom not found|end of file/i);
    }
    events.close();
  }, 60_000);

  it('makes hostile file names safe', async () => {
    const file = `${media.dir}/doc.txt`;
    await writeFile(file, 'running order notes');
    for (const name of ['../../etc/passwd.txt', `${'x'.repeat(300)}.txt`, 'a\\..\\b.txt']) {
      const res = await upload(server.url, server.adminToken, file, {}, name);
      expect(res.status).toBe(201);
      expect(res.body.fileName).not.toMatch(/\.\.|[/\\\0]/);
      expect(Buffer.byteLength(res.body.fileName)).toBeLessThanOrEqual(200);
    }
    // Storage keys never come from names: no stored path carries any part of them.
    const stored = (await readdir(data.dir, { recursive: true })).map(String);
    expect(stored.filter((p) => /passwd|xxxx/.test(p))).toEqual([]);
  });

  it('a client hanging up mid-upload leaves no asset and no stored bytes', async () => {
    const before = (await api(server.url, server.adminToken, '/api/v1/assets?limit=200')).body.items.length;
    const boundary = 'cutawayboundary';
    await new Promise<void>((resolve) => {
      const req = request(`${server.url}/api/v1/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(10_000_000) },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
      req.write(Buffer.alloc(256 * 1024, 7));
      setTimeout(() => (req.destroy(), resolve()), 300);
    });
    await eventually(async () => {
      const files = await readdir(`${data.dir}/media`, { recursive: true }).catch(() => [] as string[]);
      return !files.some((f) => String(f).includes('.part-'));
    }, 10_000);
    const after = (await api(server.url, server.adminToken, '/api/v1/assets?limit=200')).body.items.length;
    expect(after).toBe(before);
  });

  it('serves an OpenAPI 3.1 document built from the schemas', async () => {
    const res = await api(server.url, server.adminToken, '/api/v1/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/search', '/assets/{id}/media', '/assets']));
    expect(res.body.paths['/search'].get.parameters.map((p: { name: string }) => p.name)).toContain('kind');
  });
});
