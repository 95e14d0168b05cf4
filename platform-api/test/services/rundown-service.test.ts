import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type RundownInput } from '@cutaway/shared';
import { SqliteRundownStore } from '../../src/adapters/sqlite/rundown-store';
import { PlaceholderService } from '../../src/services/placeholder-service';
import { RundownService, URGENT_PRIORITY } from '../../src/services/rundown-service';
import { serviceFixture } from './fixture';

const input = (over: Partial<RundownInput> = {}): RundownInput => ({
  ncsId: 'ENPS-01', mosId: 'cutaway.mam.mos', nrcs: 'enps', roId: 'SRV;P_NEWS\\W;1', slug: '6PM NEWS', channel: null, airTime: null, durationMs: null, air: null,
  stories: [], ...over,
});
const itemFor = (assetId: string | null, itemId = '1') => ({ itemId, slug: 'VO', objId: assetId ?? 'foreign-obj', mosId: 'cutaway.mam.mos', assetId, inMs: 0, outMs: 1000, channel: null, abstract: null, status: null });

describe('RundownService and PlaceholderService (real SQLite stores and queue)', () => {
  let f: Awaited<ReturnType<typeof serviceFixture>>;
  let clock: { t: number; now: () => Date };
  let rundowns: RundownService;
  let placeholders: PlaceholderService;
  beforeEach(async () => {
    f = await serviceFixture();
    clock = { t: Date.UTC(2026, 11, 6, 16, 0), now: () => new Date(clock.t) };
    const store = new SqliteRundownStore(f.db);
    rundowns = new RundownService({ rundowns: store, assets: f.assets, queue: f.queue, events: f.events, clock, ids: f.ids, urgentWindowMs: 2 * 3600_000 });
    placeholders = new PlaceholderService({ ...f, rundowns: store, clock, maxUploadBytes: 10_000 });
  });
  afterEach(async () => f.close());

  it('a placeholder is catalogued without media, linked into a rundown, and attaching media starts an urgent ingest', async () => {
    const ph = await placeholders.create({ title: 'HARBOR BRIDGE', description: '', tags: [], type: 'video', ref: 'ENPS-01 mosObjCreate' });
    expect(ph).toMatchObject({ status: 'placeholder', origin: { kind: 'mos', ref: 'ENPS-01 mosObjCreate' }, sizeBytes: 0 });
    const r = await rundowns.put(input({ stories: [{ storyId: 's1', slug: 'HARBOR BRIDGE', number: null, items: [itemFor(ph.id), itemFor('unknownasset1', '2')] }] }));
    // An objID that is not a Cutaway asset keeps its objId but gets no asset link.
    expect(r.stories[0]!.items.map((i) => i.assetId)).toEqual([ph.id, null]);
    expect((await rundowns.linksForAsset(ph.id)).map((l) => l.storySlug)).toEqual(['HARBOR BRIDGE']);
    const filled = await placeholders.attach(ph.id, Readable.from([Buffer.from('not really video')]), '../clip.mp4');
    expect(filled).toMatchObject({ status: 'processing', fileName: 'clip.mp4', sizeBytes: 16, type: 'video' });
    const jobs = await f.queue.list({ assetId: ph.id });
    expect(jobs.map((j) => [j.name, j.priority])).toEqual([['media.ingest', URGENT_PRIORITY]]);
    const again = await placeholders.attach(ph.id, Readable.from([Buffer.from('x')]), 'b.mp4').catch((e: unknown) => e);
    expect(isAppError(again, 'asset.not_placeholder')).toBe(true);
  });

  it('a placeholder created with an idempotency key is created once: repeats (also concurrent) return the same asset', async () => {
    const req = { title: 'FERRY', description: '', tags: [], type: 'video' as const, ref: 'ENPS-01 mosObjCreate', idempotencyKey: 'ENPS-01\nlower\n42\nabc' };
    const first = await placeholders.create(req);
    const [again, concurrent] = await Promise.all([placeholders.create(req), placeholders.create({ ...req, title: 'FERRY (resent)' })]);
    expect(again).toEqual(first);
    expect(concurrent.id).toBe(first.id);
    const other = await placeholders.create({ ...req, idempotencyKey: 'ENPS-01\nlower\n42\nxyz' });
    expect(other.id).not.toBe(first.id);
    const all = (await f.assets.list({ limit: 50 })).items.filter((a) => a.status === 'placeholder');
    expect(all.map((a) => a.id).sort()).toEqual([first.id, other.id].sort());
  });

  it('raises pending jobs to urgent when the air time is near, now or later as the clock moves', async () => {
    const a = await placeholders.create({ title: 'A', description: '', tags: [], type: 'video', ref: null });
    await f.queue.enqueue('media.ingest', { assetId: a.id }, { priority: 50 });
    await rundowns.put(input({ airTime: '2026-12-06T22:00:00Z', stories: [{ storyId: 's', slug: null, number: null, items: [itemFor(a.id)] }] }));
    expect((await f.queue.list({ assetId: a.id }))[0]!.priority).toBe(50);
    expect(await rundowns.raiseUrgentJobs()).toBe(0);
    clock.t = Date.UTC(2026, 11, 6, 20, 30);
    expect(await rundowns.raiseUrgentJobs()).toBe(1);
    expect((await f.queue.list({ assetId: a.id }))[0]!.priority).toBe(URGENT_PRIORITY);

    const b = await placeholders.create({ title: 'B', description: '', tags: [], type: 'video', ref: null });
    await f.queue.enqueue('media.ingest', { assetId: b.id }, { priority: 50 });
    await rundowns.put(input({ roId: 'other', airTime: '2026-12-06T21:00:00+01:00', stories: [{ storyId: 's', slug: null, number: null, items: [itemFor(b.id)] }] }));
    expect((await f.queue.list({ assetId: b.id }))[0]!.priority).toBe(URGENT_PRIORITY);
  });

  it('publishes rundown.updated with the assets used before and after; delete and unknown ids', async () => {
    const a = await placeholders.create({ title: 'A', description: '', tags: [], type: 'video', ref: null });
    const b = await placeholders.create({ title: 'B', description: '', tags: [], type: 'video', ref: null });
    const r = await rundowns.put(input({ stories: [{ storyId: 's', slug: null, number: null, items: [itemFor(a.id)] }] }));
    await rundowns.put(input({ stories: [{ storyId: 's', slug: null, number: null, items: [itemFor(b.id)] }] }));
    await rundowns.delete(r.id);
    const updates = f.seen.filter((e) => e.type === 'rundown.updated');
    expect(updates.map((e) => (e.type === 'rundown.updated' ? [e.deleted, [...e.assetIds].sort(), e.rundown.id, e.rundown.itemCount] : null))).toEqual([
      [false, [a.id], r.id, 1],
      [false, [a.id, b.id].sort(), r.id, 1],
      [true, [b.id], r.id, 1],
    ]);
    const codes = await Promise.all([rundowns.get(r.id), rundowns.delete(r.id), rundowns.findByKey('ENPS-01', 'nope'), rundowns.linksForAsset('missing0001')].map((p) => p.then(() => 'ok', (e: unknown) => (isAppError(e) ? e.code : 'other'))));
    expect(codes).toEqual(['rundown.not_found', 'rundown.not_found', 'rundown.not_found', 'asset.not_found']);
  });
});
