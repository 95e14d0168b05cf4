import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, LiveRecordingCreateSchema, type LiveClipCreate } from '@cutaway/shared';
import { migrate, openSqlite, type SqliteDb } from '../../src/adapters/sqlite/database';
import { SqliteLiveRecordingStore } from '../../src/adapters/sqlite/live-recording-store';
import { SqliteLiveStore } from '../../src/adapters/sqlite/live-store';
import { ALL_MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { LiveRecordingService, type RecordingTargets } from '../../src/services/live/live-recording-service';
import { makeChannel, makeClip } from '../contract/live-store.contract';

/**
 * The scheduler with an injected clock over a real SQLite catalog file. `cut` stands for LiveClipService.create
 * with preset ids and writes the clip record the way it does (the real cut runs in live-recordings.e2e.test.ts);
 * it can be told to refuse (channel stopped) or to fail (a crash in the middle of firing).
 */
describe('scheduled recordings: durable, exactly once per occurrence', () => {
  let dir: string;
  let db: SqliteDb;
  let live: SqliteLiveStore;
  let store: SqliteLiveRecordingStore;
  let now = Date.parse('2026-12-07T16:59:00Z');
  const cuts: Array<{ channelId: string; input: LiveClipCreate; clipId: string }> = [];
  let refuse: string | null = null;
  let crash = false;
  const log = pino({ level: 'silent' });

  const service = () => {
    const targets: RecordingTargets = {
      channelExists: async (id) => {
        if (!(await live.getChannel(id))) throw new AppError('live.channel_not_found', id);
      },
      clipExists: async (id) => (await live.getClip(id)) !== null,
      cut: async (channelId, input, preset) => {
        if (crash) throw new Error('process killed mid-cut');
        if (refuse) throw new AppError(refuse as 'live.channel_stopped', 'The channel is stopped');
        const clip = makeClip(channelId, { id: preset.clipId, assetId: preset.assetId, title: input.title, inAt: input.inAt, outAt: input.outAt ?? null });
        await live.createClip(clip);
        cuts.push({ channelId, input, clipId: preset.clipId });
        return { clipId: clip.id, assetId: clip.assetId, clip };
      },
    };
    return new LiveRecordingService({ store, targets, clock: { now: () => new Date(now) }, ids: { newId: () => `rec${Math.random().toString(36).slice(2, 12)}` }, log, tickMs: 60_000 });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-rec-sched-'));
    db = openSqlite(join(dir, 'catalog.db'));
    migrate(db, ALL_MIGRATIONS);
    live = new SqliteLiveStore(db);
    store = new SqliteLiveRecordingStore(db);
    cuts.length = 0;
    refuse = null;
    crash = false;
    now = Date.parse('2026-12-07T16:59:00Z');
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fires each occurrence of a daily series once, with its local date in the title; a crash before the schedule advanced makes no second clip', async () => {
    const ch = makeChannel();
    await live.createChannel(ch);
    const a = service();
    const rec = await a.create(ch.id, LiveRecordingCreateSchema.parse({
      title: 'Evening news', startAt: '2026-12-07T18:00:00+01:00', endAt: '2026-12-07T18:30:00+01:00', recurrence: { freq: 'daily', timeZone: 'Europe/Oslo' },
    }));
    expect(rec.nextAt).toBe('2026-12-07T17:00:00.000Z');
    await a.tick();
    expect(cuts).toEqual([]);

    now = Date.parse('2026-12-07T17:00:00.300Z');
    const before = (await store.get(rec.id))!;
    await a.tick();
    expect(cuts.map((c) => [c.input.inAt, c.input.outAt, c.input.title])).toEqual([['2026-12-07T17:00:00.000Z', '2026-12-07T17:30:00.000Z', 'Evening news 2026-12-07']]);
    expect((await store.get(rec.id))!.nextAt).toBe('2026-12-08T17:00:00.000Z');

    // kill -9 after the clip was made but before the schedule moved on: the restarted process fires it again…
    await store.save(before);
    await a.stopAll();
    const b = service();
    await b.startAll();
    // …and finds the clip, so there is still exactly one, and one run.
    expect(cuts).toHaveLength(1);
    expect((await live.listClips(ch.id)).map((c) => c.id)).toEqual([cuts[0]!.clipId]);
    const detail = await b.get(ch.id, rec.id);
    expect(detail.runs.map((r) => [r.occurrenceAt, r.clipId, r.error])).toEqual([['2026-12-07T17:00:00.000Z', cuts[0]!.clipId, null]]);
    expect(detail.nextAt).toBe('2026-12-08T17:00:00.000Z');

    // Next day: the next occurrence.
    now = Date.parse('2026-12-08T17:00:01Z');
    await b.tick();
    expect(cuts.map((c) => c.input.title)).toEqual(['Evening news 2026-12-07', 'Evening news 2026-12-08']);
    await b.stopAll();
  });

  it('a failure inside firing leaves the occurrence due (retried); a refusal is recorded and the series goes on', async () => {
    const ch = makeChannel();
    await live.createChannel(ch);
    const s = service();
    const rec = await s.create(ch.id, LiveRecordingCreateSchema.parse({
      title: 'Council', startAt: '2026-12-07T17:00:00Z', endAt: '2026-12-07T17:05:00Z', recurrence: { freq: 'weekly', days: ['MO', 'WE'], timeZone: 'UTC' },
    }));
    now = Date.parse('2026-12-07T17:00:01Z');
    crash = true;
    await s.tick();
    expect((await store.get(rec.id))!.nextAt).toBe('2026-12-07T17:00:00.000Z');
    expect((await s.get(ch.id, rec.id)).runs).toEqual([]);
    crash = false;
    refuse = 'live.channel_stopped';
    await s.tick();
    const d = await s.get(ch.id, rec.id);
    expect(d.runs.map((r) => r.error?.code)).toEqual(['live.channel_stopped']);
    expect(d.nextAt).toBe('2026-12-09T17:00:00.000Z');
    await s.stopAll();
  });

  it('refuses bad schedules and unknown ids with typed errors', async () => {
    const ch = makeChannel();
    await live.createChannel(ch);
    const s = service();
    const make = (over: object) => s.create(ch.id, LiveRecordingCreateSchema.parse({ title: 'x', startAt: '2026-12-07T18:00:00Z', endAt: '2026-12-07T18:10:00Z', ...over }));
    await expect(make({ endAt: '2026-12-07T17:00:00Z' })).rejects.toMatchObject({ code: 'live.recording_invalid' });
    await expect(make({ endAt: '2026-12-09T18:00:00Z' })).rejects.toMatchObject({ code: 'live.recording_invalid' });
    await expect(make({ startAt: '2026-12-01T18:00:00Z', endAt: '2026-12-01T18:10:00Z' })).rejects.toMatchObject({ code: 'live.recording_invalid' });
    await expect(s.create('nochannel01', LiveRecordingCreateSchema.parse({ title: 'x', startAt: '2026-12-07T18:00:00Z', endAt: '2026-12-07T18:10:00Z' }))).rejects.toMatchObject({ code: 'live.channel_not_found' });
    await expect(s.get(ch.id, 'norecording1')).rejects.toMatchObject({ code: 'live.recording_not_found' });
    expect(() => LiveRecordingCreateSchema.parse({ title: 'x', startAt: '2026-12-07T18:00:00Z', endAt: '2026-12-07T18:10:00Z', recurrence: { freq: 'weekly', timeZone: 'UTC' } })).toThrow(/weekly needs days/);
    expect(() => LiveRecordingCreateSchema.parse({ title: 'x', startAt: '2026-12-07T18:00:00Z', endAt: '2026-12-07T18:10:00Z', recurrence: { freq: 'daily', timeZone: 'Mars/Olympus' } })).toThrow(/IANA/);
    await s.stopAll();
  });
});
