import { openAsBlob } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type Asset } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { generateStill } from '../media/stills';
import { ENGINES } from './engines';
import { eventually, listen, startServer, tempDir, type ServerProcess } from './harness';

/**
 * Stills and versions (issue 12) on a real server, on every engine: a still gets a proxy, thumbnails
 * and on-screen text like video; edits pushed back become v2, v3 of the same chain; search shows the
 * newest with a "v3 of 3" hint and can list every version; events announce each new version.
 */
describe.each(ENGINES.filter((e) => !e.skip))('stills and versions (real process, real ffmpeg + tesseract) on $name', (engine) => {
  let server: ServerProcess;
  let backend: Awaited<ReturnType<typeof engine.start>> | undefined;
  let media: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let client: CutawayClient;
  let events: Awaited<ReturnType<typeof listen>>;
  let v1: Asset;
  let v2: Asset;

  beforeAll(async () => {
    media = await tempDir('versions-media');
    data = await tempDir('versions-data');
    await generateStill(`${media.dir}/graphic.png`, { caption: 'HARBOUR STORM', corner: 'draft', background: '0x3a506b' });
    await generateStill(`${media.dir}/graphic-edit.png`, { caption: 'HARBOUR STORM', corner: 'final', background: '0x6b3a50' });
    backend = await engine.start(data.dir);
    server = await startServer(data.dir, { ...backend.env, CUTAWAY_CONSOLE: 'off', CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off' });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    events = await listen(server.url, server.adminToken);
  }, 240_000);

  afterAll(async () => {
    events?.close();
    await server?.stop();
    await backend?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('a still gets a proxy, a thumbnail, a preview, exact frame 0 at source size, and its text read', async () => {
    const created = await client.uploadAsset(await openAsBlob(`${media.dir}/graphic.png`), { fileName: 'graphic.png', title: 'Ferry terminal graphic', tags: ['weather'] });
    const ready = await events.waitFor((e) => e.type === 'asset.ready' && e.asset.id === created.id, 60_000);
    v1 = ready.type === 'asset.ready' ? ready.asset : created;
    expect(v1).toMatchObject({ type: 'image', version: 1, versionOf: null });
    expect(v1.renditions.map((r) => r.kind).sort()).toEqual(['original', 'preview', 'proxy', 'thumbnail']);
    const proxy = await fetch(client.renditionUrl(v1.id, 'proxy', { withToken: true }));
    expect([proxy.status, proxy.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const frame = await client.getFrame(v1.id);
    expect(frame.info).toMatchObject({ frame: 0, width: 1280, height: 720, mime: 'image/png' });
    const ocr = await eventually(async () => (await client.moments(v1.id, 'ocr')).find((m) => m.text.includes('HARBOUR STORM')), 60_000);
    expect(ocr.startMs).toBe(0);
    const hit = await eventually(async () => (await client.search({ q: 'storm', semantic: false })).items.find((h) => h.asset.id === v1.id));
    expect(hit.moments.some((m) => m.kind === 'ocr')).toBe(true);
    expect(hit.version).toBeNull();
  }, 240_000);

  it('a pushed-back edit becomes v2 of the chain, keeps the metadata, and is announced', async () => {
    v2 = await client.uploadVersion(v1.id, await openAsBlob(`${media.dir}/graphic-edit.png`), { fileName: 'graphic-edit.png', origin: 'photoshop' });
    expect(v2).toMatchObject({ version: 2, versionOf: v1.id, title: 'Ferry terminal graphic', tags: ['weather'], origin: { kind: 'photoshop', ref: v1.id } });
    const announced = await events.waitFor((e) => e.type === 'asset.version_created' && e.asset.id === v2.id);
    expect(announced).toMatchObject({ versionOf: v1.id, version: 2 });
    await events.waitFor((e) => e.type === 'asset.ready' && e.asset.id === v2.id, 60_000);
    for (const id of [v1.id, v2.id]) {
      const chain = await client.listVersions(id);
      expect(chain).toMatchObject({ firstId: v1.id, latestId: v2.id, count: 2 });
      expect(chain.items.map((a) => [a.id, a.version])).toEqual([[v1.id, 1], [v2.id, 2]]);
    }
  }, 90_000);

  it('search shows the newest version with "v2 of 2", and every version on request', async () => {
    const latest = await client.search({ q: 'ferry graphic', semantic: false });
    const chainHits = latest.items.filter((h) => (h.asset.versionOf ?? h.asset.id) === v1.id);
    expect(chainHits).toHaveLength(1);
    expect(chainHits[0]!.asset.id).toBe(v2.id);
    expect(chainHits[0]!.version).toMatchObject({ version: 2, count: 2, latestId: v2.id, firstId: v1.id, hint: 'v2 of 2' });
    expect([...chainHits[0]!.version!.matchedIds].sort()).toEqual([v1.id, v2.id].sort());
    const all = await client.search({ q: 'ferry graphic', semantic: false, versions: 'all' });
    expect(all.items.map((h) => [h.asset.id, h.version?.hint]).sort()).toEqual([[v1.id, 'v1 of 2'], [v2.id, 'v2 of 2']].sort());
  });

  it('a push from any version continues the chain: v3 of 3', async () => {
    const v3 = await client.uploadVersion(v2.id, await openAsBlob(`${media.dir}/graphic-edit.png`), { fileName: 'graphic-v3.png', title: 'Ferry terminal graphic (final)' });
    expect(v3).toMatchObject({ version: 3, versionOf: v1.id, origin: { kind: 'upload' } });
    const hit = (await client.search({ q: 'ferry graphic', semantic: false })).items.find((h) => (h.asset.versionOf ?? h.asset.id) === v1.id);
    expect(hit?.asset.id).toBe(v3.id);
    expect(hit?.version?.hint).toBe('v3 of 3');
  });

  it('refuses a version of an unknown asset and a form without a file, keeping nothing', async () => {
    const before = (await client.listAssets({ limit: 200 })).items.length;
    const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isAppError(e) ? e.code : String(e)));
    expect(await code(client.uploadVersion('missing0000', await openAsBlob(`${media.dir}/graphic.png`), { fileName: 'x.png' }))).toBe('asset.not_found');
    const form = new FormData();
    form.set('title', 'no file');
    const res = await fetch(`${server.url}/api/v1/assets/${v1.id}/versions`, { method: 'POST', body: form, headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(400);
    expect((await client.listAssets({ limit: 200 })).items.length).toBe(before);
    expect(await backend!.storedFiles('missing0000')).toEqual([]);
  });
});
