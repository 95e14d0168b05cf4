import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '@cutaway/shared';
import { generateNewsClip } from '../media/generate';
import { ENGINES } from './engines';
import { listen, startServer, tempDir, upload, type ServerProcess } from './harness';

/**
 * The core flow of issue 2, on a real server process: a generated 60 s clip with known
 * cuts is uploaded, processed by real ffmpeg, and found by time-coded search.
 */
const CUTS_S = [7.4, 19, 31.56, 44.2];
const FRAME_MS = 40; // 25 fps

describe.each(ENGINES.filter((e) => !e.skip))('ingest → proxy, thumbnails, sprite, shots → search (real process, real ffmpeg) on $name', (engine) => {
  let server: ServerProcess;
  let backend: Awaited<ReturnType<typeof engine.start>> | undefined;
  let media: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let asset: Asset;
  let truth: Awaited<ReturnType<typeof generateNewsClip>>;
  const started = Date.now();

  beforeAll(async () => {
    media = await tempDir('media');
    data = await tempDir('data');
    truth = await generateNewsClip(`${media.dir}/harbour.mp4`, { durationS: 60, width: 1280, height: 720, fps: 25, cutsAtS: CUTS_S });
    backend = await engine.start(data.dir);
    server = await startServer(data.dir, backend.env);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await backend?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  // How fast is a benchmark's question (npm run bench:ingest); here the time is printed, not asserted, because on a
  // shared CI machine (load 20-30 on 2 cores) the same ingest took 41 s in one run and over 70 s in the next.
  it('uploads, reports progress and becomes ready', async () => {
    const events = await listen(server.url, server.adminToken);
    const t0 = Date.now();
    const uploaded = await upload(server.url, server.adminToken, `${media.dir}/harbour.mp4`, {
      title: 'Harbour storm night shift',
      description: 'Waves over the breakwater at the ferry terminal',
      tags: 'weather, coast',
    });
    asset = uploaded;
    expect(asset).toMatchObject({ status: 'processing', tags: ['weather', 'coast'], fileName: 'harbour.mp4' });
    const ready = await events.waitFor((e) => e.type === 'asset.ready' && e.asset.id === asset.id, 240_000);
    // The bound is the waitFor above; the figure is printed, not asserted (speed: npm run bench:ingest).
    const elapsedS = (Date.now() - t0) / 1000;
    if (ready.type === 'asset.ready') asset = ready.asset;
    const progress = events.events.filter((e) => e.type === 'job.progress' && e.assetId === asset.id).map((e) => (e.type === 'job.progress' ? e.percent : -1));
    expect(progress.length).toBeGreaterThan(2);
    expect(Math.max(...progress)).toBe(100);
    events.close();
    console.log(`ingest of a 60 s 720p clip took ${elapsedS.toFixed(1)} s (suite running ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }, 270_000);

  it('has the technical metadata and every rendition', async () => {
    expect(asset.technical).toMatchObject({ width: 1280, height: 720, rate: { num: 25, den: 1 }, videoCodec: 'h264' });
    expect(Math.abs((asset.technical?.durationMs ?? 0) - 60_000)).toBeLessThan(100);
    expect(asset.renditions.map((r) => r.kind).sort()).toEqual(['original', 'poster', 'proxy', 'sprite', 'thumbnail']);
    const proxy = await fetch(`${server.url}/api/v1/assets/${asset.id}/proxy`, { headers: { authorization: `Bearer ${server.adminToken}`, range: 'bytes=0-99' } });
    expect(proxy.status).toBe(206);
    expect(proxy.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await proxy.arrayBuffer()).byteLength).toBe(100);
    for (const path of ['sprite', 'poster', 'thumbnail?atMs=20000']) {
      // ?token= as an <img> in a UXP panel would send it (it cannot set headers).
      const url = new URL(`${server.url}/api/v1/assets/${asset.id}/${path}`);
      url.searchParams.set('token', server.adminToken);
      const r = await fetch(url);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/jpeg');
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    }
  });

  it('finds every cut as a shot boundary within one frame', async () => {
    const shots = await server.client.moments(asset.id, 'shot');
    expect(shots).toHaveLength(CUTS_S.length + 1);
    const starts = shots.slice(1).map((s) => s.startMs);
    truth.cutsMs.forEach((cut, i) => expect(Math.abs((starts[i] ?? -1e9) - cut), `cut ${i}`).toBeLessThanOrEqual(FRAME_MS));
    expect(shots[1]?.timecodeIn).toBe('00:00:07:10');
    expect(shots[0]?.thumbnailUrl).toContain(`/api/v1/assets/${asset.id}/thumbnail?atMs=`);
  });

  it.each([
    ['title', 'storm'],
    ['tags', 'coast'],
    ['description', 'breakwater'],
    ['prefix', 'ferr*'],
  ])('finds the asset by %s (%s)', async (field, q) => {
    const result = await server.client.search({ q });
    expect(result.items[0]?.asset.id).toBe(asset.id);
    if (field !== 'prefix') expect(result.items[0]?.matchedFields).toContain(field);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('cuts a sub-range for an NLE, widened to keyframes, with the real in/out in headers', async () => {
    const res = await fetch(server.client.mediaUrl(asset.id, { rendition: 'proxy', inMs: 20500, outMs: 24300 }), {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(res.status).toBe(200);
    const inMs = Number(res.headers.get('x-cutaway-in-ms'));
    const outMs = Number(res.headers.get('x-cutaway-out-ms'));
    expect(inMs).toBeLessThanOrEqual(20500);
    expect(inMs).toBeGreaterThan(20500 - 2100); // proxy GOP ≤ 2 s
    expect(outMs).toBeGreaterThanOrEqual(24300 - FRAME_MS);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('PATCH updates the catalog and the search index; DELETE removes files, segments and the row', async () => {
    const patched = await server.client.patchAsset(asset.id, { title: 'Lighthouse keeper interview', tags: 'people,coast' });
    expect(patched).toMatchObject({ title: 'Lighthouse keeper interview', tags: ['people', 'coast'] });
    const byNew = await server.client.search({ q: 'lighthouse' });
    expect(byNew.items.map((h) => h.asset.id)).toEqual([asset.id]);
    expect((await server.client.search({ q: 'storm', kind: ['shot'] })).items).toEqual([]);

    const stored = () => backend!.storedFiles(asset.id);
    expect((await stored()).length).toBeGreaterThan(3);
    await server.client.deleteAsset(asset.id);
    await expect(server.client.getAsset(asset.id)).rejects.toMatchObject({ code: 'asset.not_found' });
    await expect(server.client.moments(asset.id)).rejects.toMatchObject({ code: 'asset.not_found' });
    expect((await server.client.search({ q: 'lighthouse' })).items).toEqual([]);
    expect(await stored()).toEqual([]);
  });
});

for (const e of ENGINES.filter((x) => x.skip)) console.warn(`ingest e2e on ${e.name} skipped: ${e.skipReason}`);
