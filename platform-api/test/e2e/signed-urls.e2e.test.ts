import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetSchema, MediaLinksSchema, type Asset } from '@cutaway/shared';
import { generateNewsClip } from '../media/generate';
import { api, listen, startServer, tempDir, upload, type ServerProcess } from './harness';

/** Signed URLs on a real server process: fetched with no bearer header, refused when tampered or expired. */
describe('signed, expiring media URLs (real process, real ffmpeg)', () => {
  let server: ServerProcess;
  let media: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let asset: Asset;

  beforeAll(async () => {
    media = await tempDir('signed-media');
    data = await tempDir('signed-data');
    await generateNewsClip(`${media.dir}/harbor bridge.mp4`, { durationS: 4, width: 320, height: 180, fps: 25, cutsAtS: [2] });
    server = await startServer(data.dir, { CUTAWAY_ENRICH: 'off' });
    const events = await listen(server.url, server.adminToken);
    const res = await upload(server.url, server.adminToken, `${media.dir}/harbor bridge.mp4`, { title: 'Harbor bridge' });
    expect(res.status).toBe(201);
    const ready = await events.waitFor((e) => e.type === 'asset.ready' && e.asset.id === res.body.id, 60_000);
    asset = AssetSchema.parse(ready.type === 'asset.ready' ? ready.asset : null);
    events.close();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('serves original, proxy and thumbnail without a bearer header, each URL ending in its file name', async () => {
    const res = await api(server.url, server.adminToken, `/api/v1/assets/${asset.id}/links?ttlSeconds=600`);
    expect(res.status).toBe(200);
    const links = MediaLinksSchema.parse(res.body);
    expect(links.originalReadable).toBe(true);
    expect(links.original).toMatch(/\/api\/v1\/s\/[^/]+\/assets\/[^/]+\/original\/harbor%20bridge\.mp4$/);
    expect(links.proxy).toMatch(/\.mp4$/);
    expect(links.thumbnail).toMatch(/\.jpg$/);
    expect(Date.parse(links.expiresAt) - Date.now()).toBeGreaterThan(500_000);

    const original = await fetch(links.original!);
    expect(original.status).toBe(200);
    const bytes = Buffer.from(await original.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(await readFile(`${media.dir}/harbor bridge.mp4`)).digest('hex'));
    const proxy = await fetch(links.proxy!, { headers: { range: 'bytes=0-99' } });
    expect([proxy.status, proxy.headers.get('content-type'), (await proxy.arrayBuffer()).byteLength]).toEqual([206, 'video/mp4', 100]);
    const thumb = await fetch(links.thumbnail!);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await thumb.arrayBuffer()).subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it('refuses a tampered path or signature (403), an unsigned path (401) and writes through the signed prefix', async () => {
    const links = MediaLinksSchema.parse((await api(server.url, server.adminToken, `/api/v1/assets/${asset.id}/links`)).body);
    const otherFile = links.proxy!.replace(/\/proxy\/[^/]+$/, '/original/harbor%20bridge.mp4');
    const tampered = await api(server.url, null, new URL(otherFile).pathname);
    expect([tampered.status, tampered.body.error.code]).toEqual([403, 'url.signature_invalid']);
    const badSig = await api(server.url, null, new URL(links.proxy!.replace(/\.[A-Za-z0-9_-]{43}\//, `.${'A'.repeat(43)}/`)).pathname);
    expect([badSig.status, badSig.body.error.code]).toEqual([403, 'url.signature_invalid']);
    expect((await api(server.url, null, `/api/v1/assets/${asset.id}/proxy`)).status).toBe(401);
    const post = await api(server.url, null, new URL(links.proxy!).pathname, { method: 'DELETE' });
    expect([post.status, post.body.error.code]).toEqual([404, 'route.not_found']);
    expect((await api(server.url, server.adminToken, `/api/v1/assets/${asset.id}`)).status).toBe(200);
  });

  it('moving the expiry of a real link is tampering (403), never an "expired" answer', async () => {
    // url.expired (410) needs a clock past the expiry: covered in signed-urls.test.ts with a fake clock.
    const links = MediaLinksSchema.parse((await api(server.url, server.adminToken, `/api/v1/assets/${asset.id}/links?ttlSeconds=60`)).body);
    const past = links.proxy!.replace(/\/s\/(\d+)\./, (_m, exp: string) => `/s/${Number(exp) - 3600}.`);
    expect(past).not.toBe(links.proxy);
    const res = await api(server.url, null, new URL(past).pathname);
    expect([res.status, res.body.error.code]).toEqual([403, 'url.signature_invalid']);
  });
});
