import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlitePeopleStore } from '../../src/adapters/sqlite/people-store';
import { SqliteAuditStore } from '../../src/adapters/sqlite/audit-store';
import { AuditService } from '../../src/services/audit-service';
import { PeopleService } from '../../src/services/people/people-service';
import type { FaceTrackResult } from '../../src/ports/vision';
import { serviceFixture } from './fixture';

/** Unit vector along axis `i` of 8, tilted by `t` toward axis i+1: distances are known exactly. */
function vec(i: number, t = 0): Float32Array {
  const v = new Float32Array(8);
  v[i] = Math.cos(t);
  v[(i + 1) % 8] = Math.sin(t);
  return v;
}
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);
const track = (startMs: number, endMs: number, descriptor: Float32Array | null, x = 0.2): FaceTrackResult => ({
  startMs, endMs, box: [x, 0.2, 0.2, 0.3], atMs: startMs, quality: 0.8, descriptor, thumbnail: JPEG,
});
const ACTOR = { id: 'token00001', name: 'desk editor' };

describe('PeopleService (real SQLite, local storage)', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  const make = (grouping: boolean) =>
    new PeopleService({ store: new SqlitePeopleStore(fx.db), index: fx.index, storage: fx.storage, clock: fx.clock, ids: fx.ids, audit: new AuditService({ store: new SqliteAuditStore(fx.db), clock: fx.clock, ids: fx.ids }), events: fx.events, grouping, threshold: 0.5 });
  beforeEach(async () => (fx = await serviceFixture()));
  afterEach(async () => fx.close());

  it('groups incrementally, never puts faces on screen together in one person, and keeps a name through a re-run', async () => {
    const people = make(true);
    // 0.2 rad apart: distance 0.2 (same person); axis 0 vs axis 3: distance √2.
    const first = await people.ingestTracks('asset00001', [track(0, 4000, vec(0)), track(0, 4000, vec(0, -0.1), 0.6), track(4000, 8000, vec(3))]);
    expect(new Set(first.map((t) => t.personId)).size).toBe(3);
    const [mayor] = first;
    await people.name(mayor!.personId!, 'Mayor', mayor!.id, ACTOR);
    const second = await people.ingestTracks('asset00002', [track(1000, 3000, vec(0, 0.2))]);
    expect(second[0]!.personId).toBe(mayor!.personId);
    expect(second[0]!.status).toBe('suggested');
    // Re-running the faces step of asset 1 keeps the confirmed identity.
    const rerun = await people.ingestTracks('asset00001', [track(0, 4000, vec(0, 0.05)), track(4000, 8000, vec(3))]);
    expect(rerun[0]).toMatchObject({ personId: mayor!.personId, status: 'confirmed' });
    expect((await fx.index.listSegments('asset00001')).filter((s) => s.source === 'enrich.faces').map((s) => s.text)).toEqual(['seen: Mayor', 'seen: unnamed face']);
  });

  it('sends person.updated on every human change, naming the people and assets touched', async () => {
    const people = make(true);
    const [a, b] = await people.ingestTracks('asset00001', [track(0, 4000, vec(0)), track(4000, 8000, vec(3))]);
    const [c] = await people.ingestTracks('asset00002', [track(0, 2000, vec(0, 0.1))]);
    expect(fx.seen.filter((e) => e.type === 'person.updated')).toEqual([]); // grouping by the machine is not a human change
    await people.name(a!.personId!, 'Mayor', a!.id, ACTOR);
    await people.reject(a!.personId!, [c!.id], ACTOR);
    await people.confirm(a!.personId!, [c!.id], ACTOR);
    await people.merge(a!.personId!, [b!.personId!], ACTOR);
    const split = await people.split(a!.personId!, [b!.id], undefined, ACTOR);
    await people.delete(split.id, ACTOR);
    const events = fx.seen.flatMap((e) => (e.type === 'person.updated' ? [{ change: e.change, personIds: e.personIds, assetIds: e.assetIds }] : []));
    expect(events.map((e) => e.change)).toEqual(['name', 'reject', 'confirm', 'merge', 'split', 'delete']);
    expect(events[0]).toEqual({ change: 'name', personIds: [a!.personId], assetIds: ['asset00001', 'asset00002'] });
    expect(events[1]).toEqual({ change: 'reject', personIds: [a!.personId], assetIds: ['asset00002'] });
    expect(events[2]!.personIds[0]).toBe(a!.personId);
    expect(events[2]!.personIds).toHaveLength(2); // the person the rejected face had been moved to
    expect(events[3]).toEqual({ change: 'merge', personIds: [a!.personId, b!.personId], assetIds: ['asset00001'] });
    expect(events[4]).toEqual({ change: 'split', personIds: [split.id, a!.personId], assetIds: ['asset00001'] });
    expect(events[5]).toEqual({ change: 'delete', personIds: [split.id], assetIds: ['asset00001'] });
  });

  it('with the deployment switch off stores no descriptors, makes no people and refuses naming', async () => {
    const people = make(false);
    const tracks = await people.ingestTracks('asset00001', [track(0, 4000, vec(0))]);
    expect(tracks[0]).toMatchObject({ personId: null, descriptor: null });
    expect(await people.list({ limit: 10 })).toEqual([]);
    await expect(people.name('person0001', 'Mayor', undefined, ACTOR)).rejects.toMatchObject({ code: 'faces.disabled' });
    expect(await people.personInQuery('mayor bridge')).toBeNull();
  });

  it('finds a named person in a query and leaves the rest', async () => {
    const people = make(true);
    const [t] = await people.ingestTracks('asset00001', [track(0, 4000, vec(0))]);
    await people.name(t!.personId!, 'Fire Chief', undefined, ACTOR);
    expect(await people.personInQuery('fire  chief bridge')).toMatchObject({ name: 'Fire Chief', rest: 'bridge' });
    expect(await people.personInQuery('firefighter')).toBeNull();
    // Naming a second person with the same name merges them.
    const [u] = await people.ingestTracks('asset00002', [track(0, 4000, vec(4))]);
    const merged = await people.name(u!.personId!, 'fire chief', undefined, ACTOR);
    expect(merged).toMatchObject({ id: t!.personId, name: 'Fire Chief', trackCount: 2, assetCount: 2 });
    const audit = await new AuditService({ store: new SqliteAuditStore(fx.db), clock: fx.clock, ids: fx.ids }).list({});
    expect(audit.items.filter((r) => r.action === 'people.name').map((r) => r.tokenName)).toEqual(['desk editor', 'desk editor']);
  });

  it('forgets a deleted asset\'s faces and people left without faces; the per-asset switch drops descriptors', async () => {
    const people = make(true);
    const [a] = await people.ingestTracks('asset00001', [track(0, 4000, vec(0))]);
    const [b] = await people.ingestTracks('asset00002', [track(0, 4000, vec(5))]);
    await people.setAssetGrouping('asset00002', false, ACTOR);
    expect((await people.assetTracks('asset00002'))[0]).toMatchObject({ id: b!.id, personId: null });
    expect(await people.describeFor('asset00002')).toBe(false);
    // Re-running faces on an opted-out asset stores no descriptor.
    const again = await people.ingestTracks('asset00002', [track(0, 4000, vec(5))]);
    expect(again[0]).toMatchObject({ personId: null, descriptor: null });
    await people.forgetAsset('asset00001');
    expect(await people.assetTracks('asset00001')).toEqual([]);
    await expect(people.get(a!.personId!)).rejects.toMatchObject({ code: 'person.not_found' });
    expect(await people.list({ limit: 10 })).toEqual([]);
  });
});
