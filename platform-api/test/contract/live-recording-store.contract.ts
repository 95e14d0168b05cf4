import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveRecording } from '@cutaway/shared';
import type { LiveRecordingStore } from '../../src/ports/live-recording-store';
import type { LiveStore } from '../../src/ports/live-store';
import { makeChannel } from './live-store.contract';

let n = 0;
export function makeRecording(channelId: string, over: Partial<LiveRecording> = {}): LiveRecording {
  n += 1;
  return {
    id: `rec${String(n).padStart(6, '0')}`, channelId, title: `News ${n}`, tags: ['news'],
    startAt: '2026-12-07T17:00:00.000Z', endAt: '2026-12-07T17:30:00.000Z',
    recurrence: { freq: 'weekly', days: ['MO', 'FR'], timeZone: 'Europe/Oslo', until: '2027-06-01T00:00:00.000Z' },
    nextAt: '2026-12-07T17:00:00.000Z', createdAt: `2026-12-06T18:00:${String(n % 60).padStart(2, '0')}.000Z`, updatedAt: '2026-12-06T18:00:00.000Z', ...over,
  };
}

/** What every LiveRecordingStore adapter (SQLite, PostgreSQL) must do. */
export function runLiveRecordingStoreContract(label: string, make: () => Promise<{ store: LiveRecordingStore; live: LiveStore; close: () => Promise<void> }>) {
  describe(`LiveRecordingStore contract: ${label}`, () => {
    let store: LiveRecordingStore;
    let live: LiveStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, live, close } = await make());
    });
    afterEach(async () => close());

    it('creates, reads back, lists per channel, saves and deletes', async () => {
      const ch = makeChannel();
      const other = makeChannel();
      await live.createChannel(ch);
      await live.createChannel(other);
      const a = makeRecording(ch.id);
      const b = makeRecording(ch.id, { recurrence: { freq: 'once', timeZone: 'UTC' } });
      const c = makeRecording(other.id);
      for (const r of [a, b, c]) await store.create(r);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.get(b.id)).toEqual(b);
      expect(await store.get('missing000')).toBeNull();
      expect((await store.list(ch.id)).map((r) => r.id)).toEqual([a.id, b.id]);
      const done = { ...b, nextAt: null };
      expect(await store.save(done)).toBe(true);
      expect(await store.get(b.id)).toEqual(done);
      expect(await store.save(makeRecording(ch.id))).toBe(false);
      expect(await store.delete(a.id)).toBe(true);
      expect(await store.delete(a.id)).toBe(false);
      expect((await store.list(ch.id)).map((r) => r.id)).toEqual([b.id]);
    });

    it('lists due recordings soonest first and knows the soonest; a finished series is never due', async () => {
      const ch = makeChannel();
      await live.createChannel(ch);
      const late = makeRecording(ch.id, { nextAt: '2026-12-07T19:00:00.000Z' });
      const early = makeRecording(ch.id, { nextAt: '2026-12-07T18:00:00.000Z' });
      const over = makeRecording(ch.id, { nextAt: null });
      for (const r of [late, early, over]) await store.create(r);
      expect(await store.soonest()).toBe(Date.parse('2026-12-07T18:00:00.000Z'));
      expect((await store.due(Date.parse('2026-12-07T18:30:00.000Z'))).map((r) => r.id)).toEqual([early.id]);
      expect((await store.due(Date.parse('2026-12-07T19:00:00.000Z'))).map((r) => r.id)).toEqual([early.id, late.id]);
      await store.save({ ...early, nextAt: '2026-12-08T18:00:00.000Z' });
      expect((await store.due(Date.parse('2026-12-07T19:00:00.000Z'))).map((r) => r.id)).toEqual([late.id]);
    });

    it('records runs once per occurrence (a repeat replaces), newest first; deleting the channel removes everything', async () => {
      const ch = makeChannel();
      await live.createChannel(ch);
      const r = makeRecording(ch.id);
      await store.create(r);
      const run = (occ: string, error: { code: string; message: string } | null = null) => ({
        recordingId: r.id, occurrenceAt: occ, clipId: `${r.id}-c${occ.slice(8, 10)}`, assetId: `${r.id}-a${occ.slice(8, 10)}`, error, firedAt: occ,
      });
      await store.putRun(run('2026-12-07T17:00:00.000Z'));
      await store.putRun(run('2026-12-11T17:00:00.000Z', { code: 'live.channel_stopped', message: 'stopped' }));
      await store.putRun(run('2026-12-11T17:00:00.000Z'));
      const runs = await store.listRuns(r.id, 10);
      expect(runs.map((x) => [x.occurrenceAt, x.error])).toEqual([['2026-12-11T17:00:00.000Z', null], ['2026-12-07T17:00:00.000Z', null]]);
      expect(await store.listRuns(r.id, 1)).toHaveLength(1);
      await live.deleteChannel(ch.id);
      expect(await store.get(r.id)).toBeNull();
      expect(await store.listRuns(r.id, 10)).toEqual([]);
    });
  });
}
