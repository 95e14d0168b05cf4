import { openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { generateNewsClip } from '../media/generate';
import { eventually, startServer, tempDir, type ServerProcess } from './harness';

/**
 * The archive as an operator runs it: real server, local tier volumes, a policy that moves the
 * original by itself, search that still finds it, a restore with a deadline, the storage report.
 */
describe('archive end to end (local tier volumes)', () => {
  let server: ServerProcess;
  let client: CutawayClient;
  let cleanup: () => Promise<void>;
  let dir: string;
  let assetId: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('archive-e2e'));
    const clip = await generateNewsClip(join(dir, 'storm.mp4'), {
      durationS: 6, width: 320, height: 180, fps: 25, cutsAtS: [3], lowerThirds: [{ text: 'STORM OVER THE HARBOUR', fromS: 1, toS: 5 }],
    });
    server = await startServer(join(dir, 'data'), {
      CUTAWAY_TIER_NEARLINE_DIR: join(dir, 'nas'),
      CUTAWAY_TIER_ARCHIVE_DIR: join(dir, 'cold'),
      CUTAWAY_TIER_ARCHIVE_RESTORE_MS: '1500',
      CUTAWAY_ENRICH_SPEECH: 'off',
      CUTAWAY_ENRICH_EMBEDDINGS: 'off',
    });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const asset = await client.uploadAsset(await openAsBlob(clip.path), { fileName: 'storm.mp4', title: 'Storm over the harbour', tags: ['weather', 'archive-me'] });
    assetId = asset.id;
    await eventually(async () => (await client.getAsset(assetId)).status === 'ready', 60_000);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await cleanup?.();
  });

  it('a policy moves the original to the archive volume by itself; search still finds it with moments', async () => {
    const policy = await client.createArchivePolicy({ name: 'tagged to cold', targetTier: 'archive', rules: { tagsAny: ['archive-me'] }, everyMinutes: 1 });
    const dry = await client.dryRunArchivePolicy(policy.id);
    expect(dry.items).toEqual([expect.objectContaining({ assetId, fromTier: 'online', toTier: 'archive' })]);
    // No /run: the scheduler's minute tick picks the due policy up.
    const archived = await eventually(async () => {
      const a = await client.getAsset(assetId);
      return a.storageTier === 'archive' && a;
    }, 90_000, 500);
    const original = await readFile(join(dir, 'cold', 'assets', assetId, 'original'));
    expect(original.length).toBe(archived.sizeBytes);
    await expect(stat(join(dir, 'data', 'media', 'assets', assetId, 'original'))).rejects.toMatchObject({ code: 'ENOENT' });
    const found = await client.search({ q: 'harbour' });
    expect(found.items[0]?.asset.id).toBe(assetId);
    expect(found.items[0]?.moments.length).toBeGreaterThan(0);
  }, 120_000);

  it('the original needs a restore (409 until then), the proxy still plays, a late deadline warns', async () => {
    const res = await fetch(client.mediaUrl(assetId, { rendition: 'original', withToken: true }));
    expect(res.status).toBe(409);
    const cut = await fetch(client.mediaUrl(assetId, { rendition: 'proxy', inMs: 1000, outMs: 3000, withToken: true }));
    expect(cut.status).toBe(200);
    await cut.arrayBuffer();
    const neededBy = new Date(Date.now() + 500).toISOString();
    const restoring = await client.restore(assetId, { days: 1, neededBy });
    expect(restoring.restore).toMatchObject({ neededBy, late: true });
    const restored = await eventually(async () => {
      const a = await client.getAsset(assetId);
      return a.restore.state === 'restored' && a;
    }, 30_000, 300);
    expect(restored.restore.percent).toBe(100);
    const ok = await fetch(client.mediaUrl(assetId, { rendition: 'original', withToken: true }));
    expect(ok.status).toBe(200);
    expect((await ok.arrayBuffer()).byteLength).toBe(restored.sizeBytes);
  }, 60_000);

  it('the storage report shows the bytes per tier and the saving, as JSON and CSV', async () => {
    const report = await client.storageReport();
    const archive = report.tiers.find((t) => t.tier === 'archive')!;
    const asset = await client.getAsset(assetId);
    expect(archive).toMatchObject({ objects: 1, bytes: asset.sizeBytes });
    expect(report.tiers.find((t) => t.tier === 'online')!.byRendition.proxy?.objects).toBe(1);
    expect(report.savingPercent).toBeGreaterThan(0);
    expect(report.restoresThisMonth.count).toBe(1);
    const csv = await fetch(`${server.url}/api/v1/storage/report?format=csv&token=${server.adminToken}`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain(`archive,original,1,${asset.sizeBytes},`);
  });

  it('policies are admin business; bad rules are a 400 with the field', async () => {
    const viewer = await client.createToken({ name: 'viewer', role: 'viewer' });
    const asViewer = new CutawayClient({ baseUrl: server.url, token: viewer.token });
    await expect(asViewer.listArchivePolicies()).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(client.createArchivePolicy({ name: 'x', targetTier: 'online' as never, rules: {} })).rejects.toMatchObject({ code: 'request.invalid' });
    const res = await fetch(`${server.url}/api/v1/archive/policies`, {
      method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', targetTier: 'archive', rules: { minAgeDays: -1 } }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('rules.minAgeDays');
  });
});
