import type { Logger } from 'pino';
import { AppError, isAppError, type LiveClipAccepted, type LiveClipCreate, type LiveRecording, type LiveRecordingCreate, type LiveRecordingDetail } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { LiveRecordingStore } from '../../ports/live-recording-store';
import { localParts, nextOccurrence } from './recurrence';

/** What the scheduler needs of the live services: the channel exists, and a clip can be cut with preset ids. */
export interface RecordingTargets {
  channelExists(channelId: string): Promise<void>;
  clipExists(clipId: string): Promise<boolean>;
  cut(channelId: string, input: LiveClipCreate, preset: { clipId: string; assetId: string }): Promise<LiveClipAccepted>;
}

const MAX_MS = 24 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Scheduled recordings (issue 11): start/stop times, once or repeating daily / weekly in a time zone. Each occurrence
 * becomes a clip of [start, end] — an asset like any clip, cut instant then exact once the end has passed.
 *
 * Durable and exactly-once: the schedule lives in the store (`nextAt`), and an occurrence's clip and asset ids are
 * derived from the recording and the occurrence. Firing is: cut (skipped when that clip already exists), record
 * the run, advance `nextAt`. A crash between any two steps repeats the occurrence on restart, which finds its clip
 * and makes no second one. An occurrence missed while the process was down is still cut if the buffer holds its start.
 */
export class LiveRecordingService {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: { store: LiveRecordingStore; targets: RecordingTargets; clock: Clock; ids: IdGenerator; log: Logger; tickMs: number }) {}

  async create(channelId: string, input: LiveRecordingCreate): Promise<LiveRecording> {
    await this.deps.targets.channelExists(channelId);
    const startMs = Date.parse(input.startAt);
    const endMs = Date.parse(input.endAt);
    if (endMs <= startMs) throw new AppError('live.recording_invalid', 'endAt must be after startAt', { startAt: input.startAt, endAt: input.endAt });
    if (endMs - startMs > MAX_MS) throw new AppError('live.recording_invalid', 'A recording lasts at most 24 hours', { startAt: input.startAt, endAt: input.endAt });
    const now = this.deps.clock.now().getTime();
    // Days only mean something for weekly series.
    const { days, ...rest } = input.recurrence;
    const recurrence = rest.freq === 'weekly' && days ? { ...rest, days } : rest;
    // The first occurrence still running or to come (one under way records from its start, if the buffer holds it).
    const next = nextOccurrence({ startMs, recurrence }, now - (endMs - startMs) + 1);
    if (next === null) throw new AppError('live.recording_invalid', 'The schedule has no occurrence left', { startAt: input.startAt, endAt: input.endAt });
    const at = iso(now);
    const rec: LiveRecording = {
      id: this.deps.ids.newId(), channelId, title: input.title, tags: input.tags ?? [], startAt: iso(startMs), endAt: iso(endMs), recurrence,
      nextAt: iso(next), createdAt: at, updatedAt: at,
    };
    await this.deps.store.create(rec);
    this.arm();
    return rec;
  }

  async list(channelId: string): Promise<LiveRecording[]> {
    await this.deps.targets.channelExists(channelId);
    return this.deps.store.list(channelId);
  }

  async get(channelId: string, id: string): Promise<LiveRecordingDetail> {
    const rec = await this.find(channelId, id);
    return { ...rec, runs: await this.deps.store.listRuns(id, 50) };
  }

  /** Cancels the schedule; clips already made stay. */
  async delete(channelId: string, id: string): Promise<void> {
    await this.find(channelId, id);
    await this.deps.store.delete(id);
  }

  async startAll(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Fires every due occurrence (the timer calls it; tests call it with an injected clock). */
  tick(): Promise<void> {
    this.ticking ??= this.fireDue()
      .catch((err: unknown) => this.deps.log.error({ err }, 'scheduled recordings not fired'))
      .finally(() => {
        this.ticking = null;
        this.arm();
      });
    return this.ticking;
  }

  private async fireDue(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const rec of await this.deps.store.due(now)) {
      try {
        await this.fire(rec);
      } catch (err) {
        this.deps.log.error({ err, recordingId: rec.id }, 'scheduled recording occurrence failed; retried on the next tick');
      }
    }
  }

  private async fire(rec: LiveRecording): Promise<void> {
    const occ = Date.parse(rec.nextAt!);
    const durMs = Date.parse(rec.endAt) - Date.parse(rec.startAt);
    const tag = occ.toString(36);
    const preset = { clipId: `${rec.id}-${tag}c`, assetId: `${rec.id}-${tag}a` };
    let error: { code: string; message: string } | null = null;
    if (!(await this.deps.targets.clipExists(preset.clipId))) {
      const local = localParts(occ, rec.recurrence.timeZone);
      const title = rec.recurrence.freq === 'once' ? rec.title : `${rec.title} ${local.y}-${String(local.m).padStart(2, '0')}-${String(local.d).padStart(2, '0')}`;
      try {
        await this.deps.targets.cut(rec.channelId, { inAt: iso(occ), outAt: iso(occ + durMs), title, tags: rec.tags }, preset);
        this.deps.log.info({ recordingId: rec.id, clipId: preset.clipId, occurrenceAt: iso(occ) }, 'scheduled recording started');
      } catch (err) {
        // A refusal (channel stopped, start already out of the buffer) is this occurrence's outcome; the series goes on.
        if (!isAppError(err) || !err.code.startsWith('live.')) throw err;
        error = { code: err.code, message: err.message };
        this.deps.log.warn({ recordingId: rec.id, occurrenceAt: iso(occ), code: err.code }, err.message);
      }
    }
    await this.deps.store.putRun({ recordingId: rec.id, occurrenceAt: iso(occ), ...preset, error, firedAt: this.deps.clock.now().toISOString() });
    const next = nextOccurrence({ startMs: Date.parse(rec.startAt), recurrence: rec.recurrence }, occ + 1);
    await this.deps.store.save({ ...rec, nextAt: next === null ? null : iso(next), updatedAt: this.deps.clock.now().toISOString() });
  }

  private async find(channelId: string, id: string): Promise<LiveRecording> {
    await this.deps.targets.channelExists(channelId);
    const rec = await this.deps.store.get(id);
    if (!rec || rec.channelId !== channelId) throw new AppError('live.recording_not_found', `No recording ${id} on channel ${channelId}`, { channelId, id });
    return rec;
  }

  /** Sleeps until the soonest occurrence, at most tickMs (so a clock jump or another writer is noticed). */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    void this.deps.store.soonest().then(
      (soonest) => {
        const wait = soonest === null ? this.deps.tickMs : Math.max(0, Math.min(this.deps.tickMs, soonest - this.deps.clock.now().getTime()));
        if (this.timer) clearTimeout(this.timer);
        if (this.stopped) return;
        this.timer = setTimeout(() => void this.tick(), wait);
        this.timer.unref?.();
      },
      (err: unknown) => this.deps.log.error({ err }, 'recording schedule not read'),
    );
  }
}
