import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rundown, RundownItem, RundownStory } from '@cutaway/shared';
import type { RundownStore } from '../../src/ports/rundown-store';

let n = 0;
const item = (over: Partial<RundownItem> = {}): RundownItem => {
  n += 1;
  return { itemId: `${n}`, slug: `ITEM ${n}`, objId: `obj${n}`, mosId: 'cutaway.mam.mos', assetId: null, inMs: null, outMs: null, channel: null, abstract: null, status: null, ...over };
};
const story = (storyId: string, items: RundownItem[], slug: string | null = storyId.toUpperCase()): RundownStory => ({ storyId, slug, number: null, items });

/** A valid running order; NRCS ids with the characters ENPS and iNews really use. */
export function makeRundown(over: Partial<Rundown> = {}): Rundown {
  n += 1;
  return {
    id: `rundown${String(n).padStart(6, '0')}`,
    ncsId: 'ENPS-01',
    mosId: 'cutaway.mam.mos',
    nrcs: 'enps',
    roId: `ENPSSRV;P_NEWS\\W;${n}`,
    slug: `6PM NEWS ${n}`,
    channel: null,
    airTime: null,
    durationMs: null,
    air: null,
    stories: [],
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    ...over,
  };
}

/** What every RundownStore adapter (SQLite, PostgreSQL) must do. */
export function runRundownStoreContract(label: string, make: () => Promise<{ store: RundownStore; close: () => Promise<void> }>) {
  describe(`RundownStore contract: ${label}`, () => {
    let store: RundownStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('stores the running order exactly, with stories and items in order, and finds it by its NRCS key', async () => {
      const r = makeRundown({
        airTime: '2026-12-06T18:00:00+01:00', durationMs: 1_800_000, channel: 'A', air: 'READY',
        stories: [
          story('s2', [item({ assetId: 'asset000001', inMs: 1000, outMs: 6000, abstract: 'VO <b>bridge</b>', status: 'READY' }), item()]),
          story('s1', [], null),
          story('s3', [item({ assetId: 'asset000002', channel: 'B' })]),
        ],
      });
      const { rundown, previousAssetIds } = await store.put(r);
      expect(rundown).toEqual(r);
      expect(previousAssetIds).toEqual([]);
      expect(await store.get(r.id)).toEqual(r);
      expect(await store.findByKey('ENPS-01', r.roId)).toEqual(r);
      expect(await store.findByKey('enps-01', r.roId)).toBeNull();
      expect(await store.get('missing0001')).toBeNull();
    });

    it('a second put of the same (ncsId, roId) replaces it, keeping id and createdAt, and reports the assets used before', async () => {
      const first = makeRundown({ stories: [story('a', [item({ assetId: 'asset000010' }), item({ assetId: 'asset000011' })])] });
      await store.put(first);
      const second = makeRundown({ roId: first.roId, slug: 'RENAMED', updatedAt: '2026-12-06T11:00:00.000Z', stories: [story('b', [item({ assetId: 'asset000012' })])] });
      const { rundown, previousAssetIds } = await store.put(second);
      expect(rundown).toEqual({ ...second, id: first.id, createdAt: first.createdAt });
      expect(previousAssetIds.sort()).toEqual(['asset000010', 'asset000011']);
      expect(await store.get(second.id)).toBeNull();
      expect(await store.linksForAsset('asset000010')).toEqual([]);
      expect((await store.linksForAsset('asset000012')).map((l) => l.rundownId)).toEqual([first.id]);
      expect((await store.list({ limit: 10 })).map((s) => s.slug)).toEqual(['RENAMED']);
    });

    it('the same roId from another NRCS is another running order', async () => {
      const a = makeRundown({ roId: 'INEWS/SHOW.6P.RUNDOWN', ncsId: 'INEWS-A', nrcs: 'inews' });
      const b = makeRundown({ roId: 'INEWS/SHOW.6P.RUNDOWN', ncsId: 'INEWS-B', nrcs: 'inews' });
      await store.put(a);
      await store.put(b);
      expect((await store.list({ limit: 10 })).length).toBe(2);
      expect((await store.list({ limit: 10, ncsId: 'INEWS-B' })).map((s) => s.id)).toEqual([b.id]);
    });

    it('lists summaries by air time (offsets compared as instants, none last), then slug', async () => {
      const late = makeRundown({ slug: 'A LATE', airTime: '2026-12-06T19:00:00Z' });
      // 18:30+01:00 is 17:30Z: earlier than 18:00Z although its text sorts later.
      const early = makeRundown({ slug: 'B EARLY', airTime: '2026-12-06T18:30:00+01:00' });
      const mid = makeRundown({ slug: 'C MID', airTime: '2026-12-06T18:00:00Z' });
      const none1 = makeRundown({ slug: 'Z NONE' });
      const none2 = makeRundown({ slug: 'Y NONE', stories: [story('x', [item(), item()]), story('y', [])] });
      for (const r of [none1, late, early, none2, mid]) await store.put(r);
      const list = await store.list({ limit: 10 });
      expect(list.map((s) => s.slug)).toEqual(['B EARLY', 'C MID', 'A LATE', 'Y NONE', 'Z NONE']);
      expect(list[3]).toMatchObject({ storyCount: 2, itemCount: 2, id: none2.id, roId: none2.roId });
      expect(list[3]).not.toHaveProperty('stories');
      expect((await store.list({ limit: 2 })).length).toBe(2);
    });

    it('links an asset to every item that plays it, with slugs for "used in 6PM NEWS, story HARBOR BRIDGE"', async () => {
      const r1 = makeRundown({ slug: '6PM NEWS', airTime: '2026-12-06T18:00:00Z', stories: [story('harbor', [item({ assetId: 'asset000020', slug: 'VO', inMs: 2000, outMs: 9000 })], 'HARBOR BRIDGE'), story('other', [item({ assetId: 'asset000020', itemId: 'it-2' })], 'WEATHER')] });
      const r2 = makeRundown({ slug: '10PM NEWS', airTime: '2026-12-06T22:00:00Z', stories: [story('late', [item({ assetId: 'asset000020' }), item({ assetId: 'asset000021' })])] });
      await store.put(r2);
      await store.put(r1);
      const links = await store.linksForAsset('asset000020');
      expect(links.map((l) => [l.roSlug, l.storySlug])).toEqual([['6PM NEWS', 'HARBOR BRIDGE'], ['6PM NEWS', 'WEATHER'], ['10PM NEWS', 'LATE']]);
      expect(links[0]).toEqual({
        assetId: 'asset000020', nrcs: 'enps', mosId: 'cutaway.mam.mos', roId: r1.roId, storyId: 'harbor', itemId: r1.stories[0]!.items[0]!.itemId,
        slug: 'VO', airTime: '2026-12-06T18:00:00Z', inMs: 2000, outMs: 9000, rundownId: r1.id, roSlug: '6PM NEWS', storySlug: 'HARBOR BRIDGE',
      });
      expect(await store.linksForAsset('asset000099')).toEqual([]);
    });

    it('finds the assets of running orders airing in a window', async () => {
      await store.put(makeRundown({ airTime: '2026-12-06T18:00:00Z', stories: [story('a', [item({ assetId: 'asset000031' }), item({ assetId: 'asset000030' })])] }));
      await store.put(makeRundown({ airTime: '2026-12-06T23:00:00Z', stories: [story('b', [item({ assetId: 'asset000032' })])] }));
      await store.put(makeRundown({ stories: [story('c', [item({ assetId: 'asset000033' })])] }));
      const window = await store.assetsAiringBetween(new Date('2026-12-06T17:00:00Z'), new Date('2026-12-06T18:00:00Z'));
      expect(window).toEqual(['asset000030', 'asset000031']);
      expect(await store.assetsAiringBetween(new Date('2026-12-07T00:00:00Z'), new Date('2026-12-08T00:00:00Z'))).toEqual([]);
    });

    it('binds a placeholder idempotency key once: a repeat gets the first asset id', async () => {
      expect(await store.bindPlaceholderKey('NCS\nlower\n7\nhash', 'asset000050')).toBe('asset000050');
      expect(await store.bindPlaceholderKey('NCS\nlower\n7\nhash', 'asset000051')).toBe('asset000050');
      expect(await store.bindPlaceholderKey('NCS\nlower\n7\nother', 'asset000052')).toBe('asset000052');
      // Concurrent first calls agree on one winner.
      const both = await Promise.all([store.bindPlaceholderKey('race', 'asset000060'), store.bindPlaceholderKey('race', 'asset000061')]);
      expect(both[0]).toBe(both[1]);
    });

    it('imports a placeholder key as it was, once: a bound key keeps its first asset', async () => {
      expect(await store.importPlaceholderKey({ key: 'NCS\nimported\n9\nhash', assetId: 'asset000070', createdAt: '2026-11-01T08:00:00.000Z' })).toBe(true);
      expect(await store.importPlaceholderKey({ key: 'NCS\nimported\n9\nhash', assetId: 'asset000071', createdAt: '2026-11-02T08:00:00.000Z' })).toBe(false);
      expect(await store.bindPlaceholderKey('NCS\nimported\n9\nhash', 'asset000072')).toBe('asset000070');
      await store.bindPlaceholderKey('bound-live', 'asset000073');
      expect(await store.importPlaceholderKey({ key: 'bound-live', assetId: 'asset000074', createdAt: '2026-11-01T08:00:00.000Z' })).toBe(false);
      expect(await store.bindPlaceholderKey('bound-live', 'asset000075')).toBe('asset000073');
    });

    it('deletes once, returning what it removed, and the links go with it', async () => {
      const r = makeRundown({ stories: [story('a', [item({ assetId: 'asset000040' })])] });
      await store.put(r);
      expect(await store.delete(r.id)).toEqual(r);
      expect(await store.delete(r.id)).toBeNull();
      expect(await store.get(r.id)).toBeNull();
      expect(await store.linksForAsset('asset000040')).toEqual([]);
    });
  });
}
