import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssetSchema, isAppError, type Asset } from '@cutaway/shared';
import { SqliteReviewStore } from '../../src/adapters/sqlite/review-store';
import { ReviewService } from '../../src/services/review-service';
import { serviceFixture } from './fixture';

type Fixture = Awaited<ReturnType<typeof serviceFixture>>;
const NOW = '2026-12-06T10:00:00.000Z';

/** Parsed, so fields other issues add with defaults are filled in. */
function asset(id: string, over: Partial<Asset> = {}): Asset {
  return AssetSchema.parse({
    id, title: `Storm ${id}`, description: '', tags: [], type: 'video', status: 'ready', failure: null, fileName: 'storm.mov', mime: 'video/quicktime',
    sizeBytes: 1000, sha256: 'a'.repeat(64),
    technical: { container: 'mov', durationMs: 10_000, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: null, width: 320, height: 180, videoCodec: 'h264', audioCodec: null, audioChannels: null, sampleRate: null, bitRate: null },
    renditions: [{ kind: 'original', mime: 'video/quicktime', sizeBytes: 1000, width: 320, height: 180, sprite: null, timesMs: null }],
    storageTier: 'online', restore: { state: 'none', requestedAt: null, expiresAt: null, percent: null, neededBy: null, etaAt: null, late: false },
    version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: NOW, updatedAt: NOW, ...over,
  });
}
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isAppError(e) ? e.code : String(e)));

describe('ReviewService on real SQLite adapters', () => {
  let f: Fixture;
  let svc: ReviewService;
  let dest: string;
  beforeEach(async () => {
    f = await serviceFixture();
    svc = new ReviewService({ store: new SqliteReviewStore(f.db), assets: f.assets, index: f.index, events: f.events, clock: f.clock, ids: f.ids });
    for (const a of [asset('asset00001'), asset('asset00002', { version: 2, versionOf: 'asset00001' }), asset('asset00003', { status: 'processing' })]) {
      await f.assets.create(a);
      await f.index.upsertAsset({ assetId: a.id, title: a.title, description: '', tags: [], fileName: a.fileName, type: 'video', createdAt: a.createdAt });
    }
    dest = (await svc.createDestination({ name: 'Review', accountId: 'a', workspaceId: 'w', projectId: 'p', folderId: 'f', shareLink: false })).id;
  });
  afterEach(async () => f.close());

  it('refuses pushes it cannot carry out, with typed errors', async () => {
    expect(await code(svc.requestReview('missing0001', { destination: dest, rendition: 'original' }))).toBe('asset.not_found');
    expect(await code(svc.requestReview('asset00003', { destination: dest, rendition: 'original' }))).toBe('asset.not_ready');
    expect(await code(svc.requestReview('asset00001', { destination: dest, rendition: 'proxy' }))).toBe('asset.rendition_missing');
    expect(await code(svc.requestReview('asset00001', { destination: 'nodest0001', rendition: 'original' }))).toBe('review.destination_not_found');
    expect(await code(svc.requestReview('asset00001', { destination: dest, rendition: 'original', inMs: 10_000 }))).toBe('request.invalid');
  });

  it('queues, hands out once, takes progress only from the claimer, and stacks the next version of the family', async () => {
    const r1 = await svc.requestReview('asset00001', { destination: dest, rendition: 'original', inMs: 2000 });
    expect(r1).toMatchObject({ state: 'queued', familyId: 'asset00001', inMs: 2000, outMs: 10_000 });
    const claim = await svc.claim({ worker: 'bridge-a', leaseMs: 60_000 });
    expect(claim).toMatchObject({ request: { id: r1.id, claimedBy: 'bridge-a' }, asset: { id: 'asset00001' }, destination: { id: dest }, previous: null });
    expect((await svc.claim({ worker: 'bridge-b', leaseMs: 60_000 })).request).toBeNull();
    expect(await code(svc.progress(r1.id, { worker: 'bridge-b', state: 'uploading', leaseMs: 60_000 }))).toBe('review.conflict');
    const up = await svc.progress(r1.id, { worker: 'bridge-a', state: 'uploading', percent: 40, frameio: { fileId: 'file-1' }, cutInMs: 1960, leaseMs: 60_000 });
    expect(up).toMatchObject({ percent: 40, cutInMs: 1960, frameio: { fileId: 'file-1', versionStackId: null } });
    await svc.progress(r1.id, { worker: 'bridge-a', state: 'done', leaseMs: 60_000 });
    expect(await code(svc.progress(r1.id, { worker: 'bridge-a', state: 'uploading', leaseMs: 60_000 }))).toBe('review.conflict');
    expect((await svc.findRequests({ frameioFileId: 'file-1' })).map((r) => r.id)).toEqual([r1.id]);

    const r2 = await svc.requestReview('asset00002', { destination: dest, rendition: 'original' });
    expect(r2.familyId).toBe('asset00001');
    expect((await svc.claim({ worker: 'bridge-a', leaseMs: 60_000 })).previous).toMatchObject({ fileId: 'file-1' });
    const states = f.seen.filter((e) => e.type === 'review.updated').map((e) => (e.type === 'review.updated' ? `${e.request.id === r1.id ? 1 : 2}:${e.request.state}` : ''));
    expect(states).toEqual(['1:queued', '1:uploading', '1:done', '2:queued']);
  });

  it('markers are searchable marker moments, replaced on edit and removed on delete (idempotently)', async () => {
    const m = { externalId: 'c-1', author: 'Ana', text: 'Lighthouse too dark', startMs: 2400, endMs: 2440, frame: 60, createdAt: NOW, resolved: false, replies: [{ author: 'Bo', text: 'brighten the sky', createdAt: NOW }] };
    await svc.upsertMarker('asset00001', m);
    const hit = async (q: string) => (await f.index.search({ q, kinds: ['marker'], limit: 10, momentsPerAsset: 3 })).hits.map((h) => [h.assetId, h.moments[0]?.startMs]);
    expect(await hit('lighthouse')).toEqual([['asset00001', 2400]]);
    expect(await hit('sky')).toEqual([['asset00001', 2400]]);
    await svc.upsertMarker('asset00001', { ...m, text: 'Harbour too dark', resolved: true });
    expect(await hit('lighthouse')).toEqual([]);
    expect(await hit('harbour')).toEqual([['asset00001', 2400]]);
    expect((await svc.summary('asset00001')).markers).toMatchObject([{ externalId: 'c-1', resolved: true }]);
    await svc.deleteMarker('asset00001', 'c-1');
    await svc.deleteMarker('asset00001', 'c-1');
    expect(await hit('harbour')).toEqual([]);
    expect(f.seen.filter((e) => e.type === 'review.marker').map((e) => (e.type === 'review.marker' ? e.deleted : null))).toEqual([false, false, true]);
    expect(await code(svc.upsertMarker('missing0001', m))).toBe('asset.not_found');
  });

  it('keeps the newest status: a late, older change is ignored', async () => {
    await svc.setStatus('asset00001', { status: 'approved', label: 'Approved', by: 'frameio:user:u1', at: '2026-12-06T10:05:00.000Z', source: 'frameio' });
    const kept = await svc.setStatus('asset00001', { status: 'in_review', label: 'Needs Review', by: 'frameio:user:u2', at: '2026-12-06T10:01:00.000Z', source: 'frameio' });
    expect(kept).toMatchObject({ status: 'approved', by: 'frameio:user:u1' });
    expect((await svc.summary('asset00001')).status?.status).toBe('approved');
  });
});
