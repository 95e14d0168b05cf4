import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveChannel, LiveClip } from '@cutaway/shared';
import type { LiveStore } from '../../src/ports/live-store';

let n = 0;
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 18, 0, s)).toISOString();

export function makeChannel(over: Partial<LiveChannel> = {}): LiveChannel {
  n += 1;
  return {
    id: `chan${String(n).padStart(6, '0')}`,
    name: `Channel ${n}`,
    input: { url: `srt://127.0.0.1:${9000 + n}?mode=listener` },
    bufferMinutes: 120,
    segmentSeconds: 2,
    height: null,
    videoBitrateKbps: 4000,
    desired: 'running',
    state: 'starting',
    health: { bitrateKbps: null, lastSegmentAt: null, dropouts: 0, restarts: 0, lastError: null },
    buffer: null,
    rate: null,
    createdAt: at(n),
    updatedAt: at(n),
    ...over,
  };
}

export function makeClip(channelId: string, over: Partial<LiveClip> = {}): LiveClip {
  n += 1;
  return {
    id: `clip${String(n).padStart(6, '0')}`,
    channelId,
    assetId: `asset${String(n).padStart(6, '0')}`,
    title: `Clip ${n}`,
    tags: ['presser'],
    cue: null,
    inAt: at(10),
    outAt: at(20),
    state: 'waiting',
    coveredFrom: null,
    coveredTo: null,
    gaps: [],
    instantReadyAt: null,
    exactReadyAt: null,
    failure: null,
    createdAt: at(n),
    updatedAt: at(n),
    ...over,
  };
}

/** What every LiveStore adapter (SQLite, PostgreSQL) must do. */
export function runLiveStoreContract(label: string, make: () => Promise<{ store: LiveStore; close: () => Promise<void> }>) {
  describe(`LiveStore contract: ${label}`, () => {
    let store: LiveStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('creates, reads back, lists oldest first, saves and deletes channels', async () => {
      const a = makeChannel({ height: 360, rate: { num: 25, den: 1 } });
      const b = makeChannel({ input: { url: 'rtmp://127.0.0.1:1935/live/x' } });
      await store.createChannel(b.createdAt < a.createdAt ? b : a);
      await store.createChannel(b.createdAt < a.createdAt ? a : b);
      expect(await store.getChannel(a.id)).toEqual(a);
      expect(await store.getChannel('missing000')).toBeNull();
      expect((await store.listChannels()).map((c) => c.id)).toEqual([a.id, b.id]);
      const live = { ...a, state: 'live' as const, buffer: { startAt: at(1), endAt: at(9), segments: 4 } };
      expect(await store.saveChannel(live)).toBe(true);
      expect(await store.getChannel(a.id)).toEqual(live);
      expect(await store.saveChannel(makeChannel())).toBe(false);
      expect(await store.deleteChannel(a.id)).toBe(true);
      expect(await store.deleteChannel(a.id)).toBe(false);
      expect(await store.getChannel(a.id)).toBeNull();
    });

    it('lists gaps overlapping a range and prunes those that left the buffer', async () => {
      const c = makeChannel();
      await store.createChannel(c);
      const g1 = { startAt: at(10), endAt: at(12), reason: 'recorder exited' };
      const g2 = { startAt: at(30), endAt: at(31), reason: 'input stalled' };
      await store.addGap(c.id, g2);
      await store.addGap(c.id, g1);
      const ms = (s: number) => Date.parse(at(s));
      expect(await store.listGaps(c.id, ms(0), ms(60))).toEqual([g1, g2]);
      expect(await store.listGaps(c.id, ms(11), ms(20))).toEqual([g1]);
      expect(await store.listGaps(c.id, ms(12), ms(30))).toEqual([]);
      expect(await store.listGaps('other00000', ms(0), ms(60))).toEqual([]);
      expect(await store.pruneGaps(c.id, ms(20))).toBe(1);
      expect(await store.listGaps(c.id, ms(0), ms(60))).toEqual([g2]);
    });

    it('keeps clips per channel, finds them by state, and drops them with the channel', async () => {
      const c = makeChannel();
      const other = makeChannel();
      await store.createChannel(c);
      await store.createChannel(other);
      const k1 = makeClip(c.id, { outAt: null, state: 'growing' });
      const k2 = makeClip(c.id, { cue: { ncsId: 'INEWS1', roId: 'RO1', storyId: 'S1', itemId: 'I1' }, gaps: [{ startAt: at(12), endAt: at(14), reason: 'recorder exited' }] });
      const k3 = makeClip(other.id, { state: 'exact' });
      for (const k of [k1, k2, k3]) await store.createClip(k);
      expect(await store.getClip(k2.id)).toEqual(k2);
      expect(await store.getClip('missing000')).toBeNull();
      expect((await store.listClips(c.id)).map((k) => k.id)).toEqual([k1.id, k2.id]);
      expect((await store.listClipsInState(['waiting', 'growing'])).map((k) => k.id)).toEqual([k1.id, k2.id]);
      expect(await store.listClipsInState([])).toEqual([]);
      const done = { ...k2, state: 'exact' as const, exactReadyAt: at(40) };
      expect(await store.saveClip(done)).toBe(true);
      expect(await store.getClip(k2.id)).toEqual(done);
      expect((await store.listClipsInState(['exact'])).map((k) => k.id)).toEqual([k2.id, k3.id]);
      expect(await store.saveClip(makeClip(c.id))).toBe(false);
      await store.deleteChannel(c.id);
      expect(await store.getClip(k1.id)).toBeNull();
      expect(await store.getClip(k3.id)).toEqual(k3);
    });
  });
}
