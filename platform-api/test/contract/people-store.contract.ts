import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeopleStore, StoredFaceTrack } from '../../src/ports/people-store';

const T0 = '2026-12-06T10:00:00.000Z';

const vec = (...xs: number[]) => Float32Array.from(xs);
const track = (id: string, assetId: string, over: Partial<StoredFaceTrack> = {}): StoredFaceTrack => ({
  id, assetId, personId: null, status: 'suggested', startMs: 1000, endMs: 4000, box: [0.1, 0.2, 0.3, 0.4], quality: 0.8,
  descriptor: vec(0.6, 0.8, 0), thumbnailKey: `assets/${assetId}/faces/${id}.jpg`, createdAt: T0, ...over,
});
const person = (id: string, name: string | null = null) => ({ id, name, createdAt: T0, updatedAt: T0 });

/** What every PeopleStore adapter must do (issue 17). */
export function runPeopleStoreContract(label: string, make: () => Promise<{ store: PeopleStore; close: () => Promise<void> }>) {
  describe(`PeopleStore contract: ${label}`, () => {
    let store: PeopleStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await make()));
    afterEach(async () => close());

    it('stores tracks with their descriptors byte for byte and replaces an asset\'s tracks', async () => {
      await store.createPerson(person('person0001', 'The Mayor'));
      const a = track('track00001', 'asset00001', { personId: 'person0001', descriptor: vec(0.1, -0.25, 3.5e-7) });
      const b = track('track00002', 'asset00001', { startMs: 5000, endMs: 6000, descriptor: null });
      await store.replaceAssetTracks('asset00001', [a, b]);
      expect(await store.listAssetTracks('asset00001')).toEqual([a, b]);
      expect((await store.getTracks(['track00002', 'missing001'])).map((t) => t.id)).toEqual(['track00002']);
      expect(await store.describedTracks()).toEqual([{ id: 'track00001', assetId: 'asset00001', personId: 'person0001', descriptor: vec(0.1, -0.25, 3.5e-7) }]);
      await store.replaceAssetTracks('asset00001', [track('track00003', 'asset00001')]);
      expect((await store.listAssetTracks('asset00001')).map((t) => t.id)).toEqual(['track00003']);
    });

    it('assigns tracks, counts per person and picks the best face (confirmed first)', async () => {
      await store.createPerson(person('person0001'));
      await store.replaceAssetTracks('asset00001', [track('track00001', 'asset00001', { quality: 0.9 }), track('track00002', 'asset00001', { quality: 0.5, startMs: 9000, endMs: 9500 })]);
      await store.replaceAssetTracks('asset00002', [track('track00003', 'asset00002', { quality: 0.7 })]);
      expect(await store.assignTracks(['track00001', 'track00003'], 'person0001', 'suggested')).toBe(2);
      await store.assignTracks(['track00002'], 'person0001', 'confirmed');
      const s = await store.summary('person0001');
      expect(s).toMatchObject({ trackCount: 3, assetCount: 2, confirmedCount: 1, bestTrackId: 'track00002', name: null });
      expect((await store.listPersonTracks('person0001')).map((t) => t.id)).toEqual(['track00001', 'track00002', 'track00003']);
      expect(await store.summary('missing001')).toBeNull();
    });

    it('names people uniquely (case and spaces do not matter), lists named first and finds names', async () => {
      await store.createPerson(person('person0001'));
      await store.createPerson(person('person0002'));
      await store.replaceAssetTracks('asset00001', [track('track00001', 'asset00001', { personId: 'person0001' })]);
      expect(await store.renamePerson('person0002', 'Fire Chief', '2026-12-06T11:00:00.000Z')).toBe(true);
      expect(await store.findPersonByName('fire   chief')).toMatchObject({ id: 'person0002', name: 'Fire Chief', updatedAt: '2026-12-06T11:00:00.000Z' });
      await expect(store.renamePerson('person0001', 'FIRE CHIEF', T0)).rejects.toThrow();
      expect((await store.listPeople({ limit: 10 })).map((p) => p.id)).toEqual(['person0002', 'person0001']);
      expect((await store.listPeople({ named: true, limit: 10 })).map((p) => p.id)).toEqual(['person0002']);
      expect((await store.listPeople({ named: false, limit: 10 })).map((p) => p.id)).toEqual(['person0001']);
      expect(await store.namedPeople()).toEqual([{ id: 'person0002', name: 'Fire Chief' }]);
      expect(await store.deleteEmptyPeople()).toBe(1); // person0002 has no tracks
      expect(await store.getPerson('person0002')).toBeNull();
    });

    it('deleting a person removes their descriptors and thumbnails but keeps the faces', async () => {
      await store.createPerson(person('person0001', 'Mayor'));
      await store.replaceAssetTracks('asset00001', [track('track00001', 'asset00001', { personId: 'person0001', status: 'confirmed' })]);
      await store.addRejections(['track00001'], 'person0001');
      expect(await store.deletePerson('person0001')).toBe(true);
      expect(await store.deletePerson('person0001')).toBe(false);
      const [t] = await store.listAssetTracks('asset00001');
      expect(t).toMatchObject({ id: 'track00001', personId: null, descriptor: null, thumbnailKey: null, status: 'suggested' });
      expect(await store.describedTracks()).toEqual([]);
      expect((await store.rejections(['track00001'])).size).toBe(0);
    });

    it('keeps rejected suggestions per track', async () => {
      await store.addRejections(['track00001', 'track00002'], 'person0001');
      await store.addRejections(['track00001'], 'person0001');
      await store.addRejections(['track00001'], 'person0002');
      const r = await store.rejections(['track00001', 'track00002', 'track00003']);
      expect([...(r.get('track00001') ?? [])].sort()).toEqual(['person0001', 'person0002']);
      expect([...(r.get('track00002') ?? [])]).toEqual(['person0001']);
      expect(r.has('track00003')).toBe(false);
    });

    it('switches grouping per asset and forgets an asset\'s descriptors', async () => {
      expect(await store.groupingEnabled('asset00001')).toBe(true);
      await store.setGrouping('asset00001', false);
      await store.setGrouping('asset00001', false);
      expect(await store.groupingEnabled('asset00001')).toBe(false);
      expect(await store.groupingEnabled('asset00002')).toBe(true);
      await store.createPerson(person('person0001'));
      await store.replaceAssetTracks('asset00001', [track('track00001', 'asset00001', { personId: 'person0001' })]);
      await store.clearAssetDescriptors('asset00001');
      expect((await store.listAssetTracks('asset00001'))[0]).toMatchObject({ descriptor: null, personId: null });
      await store.setGrouping('asset00001', true);
      expect(await store.groupingEnabled('asset00001')).toBe(true);
    });
  });
}
