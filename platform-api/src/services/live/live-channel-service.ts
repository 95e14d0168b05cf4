import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { AppError, type LiveChannel, type LiveChannelCreate, type LiveGap, type LiveTimeline } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { LiveCutter, LiveRecorder, LiveSegment, RecorderRun, RunExit } from '../../ports/live-recorder';
import type { LiveStore } from '../../ports/live-store';
import { GAP_TOLERANCE_MS } from './clip-plan';

export interface LiveChannelOptions {
  /** A recorder that produced segments and then none for this long is stalled: it is restarted. Default 3 segments + 4 s. */
  stallMs?: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Health events at most this often while nothing changes state. */
  healthEventMs: number;
}

interface Runner {
  channel: LiveChannel;
  run: number;
  handle: RecorderRun | null;
  stopping: boolean;
  /** The stall watchdog asked the run to stop. */
  killing: boolean;
  backoffMs: number;
  restartTimer: ReturnType<typeof setTimeout> | null;
  segmentsThisRun: number;
  lastEndMs: number | null;
  /** End of the timeline before this run; the hole up to the run's first frame is marked once the run's clock settles. */
  gapFrom: number | null;
  gapChecked: boolean;
  lastSegmentWallMs: number;
  /** Why the timeline will have a hole before the next segment. */
  gapReason: string;
  lastEventMs: number;
  lastPruneMs: number;
  save: Promise<unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const end = (s: LiveSegment) => s.startMs + s.durationMs;
const PRUNE_EVERY_MS = 30_000;

/**
 * Live channels (issue 11 "Channels"): one recorder per channel, restarted with exponential backoff when it dies
 * or stalls, every hole in the timeline marked as a gap, state and health pushed as events, and every channel the
 * operator left running started again with the process.
 */
export class LiveChannelService {
  private readonly runners = new Map<string, Runner>();
  private readonly segmentListeners: Array<(channelId: string, segment: LiveSegment) => void> = [];
  private watchdog: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: { store: LiveStore; recorder: LiveRecorder; cutter: LiveCutter; events: EventBus; clock: Clock; ids: IdGenerator; log: Logger; options: LiveChannelOptions },
  ) {}

  onSegment(listener: (channelId: string, segment: LiveSegment) => void): void {
    this.segmentListeners.push(listener);
  }

  async create(input: LiveChannelCreate): Promise<LiveChannel> {
    const now = this.deps.clock.now().toISOString();
    const { start, ...settings } = input;
    const channel: LiveChannel = {
      ...settings,
      id: this.deps.ids.newId(),
      desired: start ? 'running' : 'stopped',
      state: start ? 'starting' : 'stopped',
      health: { bitrateKbps: null, lastSegmentAt: null, dropouts: 0, restarts: 0, lastError: null },
      buffer: null,
      rate: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.createChannel(channel);
    this.publish(channel);
    if (start) await this.launchRunner(channel);
    return channel;
  }

  list(): Promise<LiveChannel[]> {
    return this.deps.store.listChannels();
  }

  async get(id: string): Promise<LiveChannel> {
    const channel = await this.deps.store.getChannel(id);
    if (!channel) throw new AppError('live.channel_not_found', `No live channel ${id}`, { id });
    return channel;
  }

  async start(id: string): Promise<LiveChannel> {
    const channel = await this.get(id);
    if (this.runners.has(id)) return this.runners.get(id)!.channel;
    const next = { ...channel, desired: 'running' as const, state: 'starting' as const, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.saveChannel(next);
    this.publish(next);
    await this.launchRunner(next);
    return next;
  }

  async stop(id: string): Promise<LiveChannel> {
    const channel = await this.get(id);
    await this.halt(id);
    const next = { ...((await this.deps.store.getChannel(id)) ?? channel), desired: 'stopped' as const, state: 'stopped' as const, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.saveChannel(next);
    this.publish(next);
    return next;
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.halt(id);
    await this.deps.recorder.remove(id);
    await this.deps.store.deleteChannel(id);
  }

  /** Everything still in the buffer, by start time (clips and the preview read this). */
  segments(id: string): Promise<LiveSegment[]> {
    return this.deps.recorder.segments(id);
  }

  async timeline(id: string): Promise<LiveTimeline> {
    await this.get(id);
    const segs = await this.deps.recorder.segments(id);
    const ranges: Array<{ startMs: number; endMs: number }> = [];
    for (const s of segs) {
      const last = ranges[ranges.length - 1];
      if (last && s.startMs - last.endMs <= GAP_TOLERANCE_MS) last.endMs = Math.max(last.endMs, end(s));
      else ranges.push({ startMs: s.startMs, endMs: end(s) });
    }
    const from = segs[0]?.startMs ?? 0;
    const gaps = await this.deps.store.listGaps(id, from, Number.MAX_SAFE_INTEGER);
    return { channelId: id, ranges: ranges.map((r) => ({ startAt: iso(r.startMs), endAt: iso(r.endMs) })), gaps };
  }

  /**
   * The buffer as an HLS media playlist for players (RFC 8216): the last `windowSeconds`, a discontinuity at each
   * recorder restart, program-date-time on every segment; `segmentUrl` is decided by the caller (auth lives at the edge).
   */
  async previewPlaylist(id: string, segmentUrl: (run: number, seq: number) => string, windowSeconds = 600): Promise<string> {
    const channel = await this.get(id);
    const all = await this.deps.recorder.segments(id);
    const edge = all.length ? end(all[all.length - 1]!) : 0;
    const segs = all.filter((s) => end(s) > edge - windowSeconds * 1000);
    const target = Math.max(channel.segmentSeconds, ...segs.map((s) => Math.ceil(s.durationMs / 1000)));
    const first = segs[0];
    const lines = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${first ? first.run * 1_000_000 + first.seq : 0}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
    let run = first?.run;
    for (const s of segs) {
      if (s.run !== run) lines.push('#EXT-X-DISCONTINUITY');
      run = s.run;
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(s.startMs)}`, `#EXTINF:${(s.durationMs / 1000).toFixed(3)},`, segmentUrl(s.run, s.seq));
    }
    if (channel.desired === 'stopped') lines.push('#EXT-X-ENDLIST');
    return `${lines.join('\n')}\n`;
  }

  async readSegment(id: string, run: number, seq: number): Promise<Readable> {
    await this.get(id);
    return this.deps.recorder.readSegment(id, run, seq);
  }

  /** Process start: every channel the operator left running records again; the hole the restart left is marked. */
  async startAll(): Promise<void> {
    for (const channel of await this.deps.store.listChannels()) {
      if (channel.desired !== 'running' || this.runners.has(channel.id)) continue;
      try {
        await this.launchRunner(channel, 'platform-api restarted');
      } catch (err) {
        this.deps.log.error({ err, channelId: channel.id }, 'live channel not started');
      }
    }
    this.watchdog ??= setInterval(() => this.checkStalls(), 1000);
    this.watchdog.unref?.();
  }

  /** Process stop: recorders stop, the channels stay `running` in the catalog so the next start resumes them. */
  async stopAll(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await Promise.all([...this.runners.keys()].map((id) => this.halt(id)));
  }

  private async launchRunner(channel: LiveChannel, gapReason = 'recorder started'): Promise<void> {
    const segs = await this.deps.recorder.segments(channel.id);
    const last = segs[segs.length - 1];
    const runner: Runner = {
      channel,
      run: await this.deps.recorder.lastRun(channel.id),
      handle: null,
      stopping: false,
      killing: false,
      backoffMs: this.deps.options.backoffMinMs,
      restartTimer: null,
      segmentsThisRun: 0,
      lastEndMs: last ? end(last) : null,
      gapFrom: null,
      gapChecked: true,
      lastSegmentWallMs: 0,
      gapReason,
      lastEventMs: 0,
      lastPruneMs: 0,
      save: Promise.resolve(),
    };
    this.runners.set(channel.id, runner);
    if (!this.watchdog) {
      this.watchdog = setInterval(() => this.checkStalls(), 1000);
      this.watchdog.unref?.();
    }
    await this.launch(runner);
  }

  private async launch(r: Runner): Promise<void> {
    if (r.stopping) return;
    const c = r.channel;
    r.run += 1;
    r.segmentsThisRun = 0;
    r.gapFrom = r.lastEndMs;
    r.gapChecked = false;
    r.handle = await this.deps.recorder.startRun(
      {
        channelId: c.id, run: r.run, inputUrl: c.input.url, segmentSeconds: c.segmentSeconds,
        listSize: Math.ceil((c.bufferMinutes * 60) / c.segmentSeconds), height: c.height, videoBitrateKbps: c.videoBitrateKbps,
      },
      (segment) => this.segment(r, segment).catch((err: unknown) => this.deps.log.error({ err, channelId: c.id }, 'live segment bookkeeping failed')),
    );
    const handle = r.handle;
    void handle.exited.then((exit) => this.exited(r, handle, exit)).catch((err: unknown) => this.deps.log.error({ err, channelId: c.id }, 'live restart failed'));
  }

  private async exited(r: Runner, handle: RecorderRun, exit: RunExit): Promise<void> {
    if (r.handle === handle) r.handle = null;
    if (r.stopping) return;
    const log = this.deps.log.child({ channelId: r.channel.id, run: r.run });
    const why = exit.detail || (exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`);
    // A run that ended before its clock settled: its placement is final now.
    if (!r.gapChecked && r.segmentsThisRun > 0) {
      const gap = await this.markGap(r, r.run);
      if (gap) this.mutate(r, (c) => ({ ...c, health: { ...c.health, dropouts: c.health.dropouts + 1 } }), true);
    }
    // A run that delivered media earns a fast restart; one that died at once backs off (input down, port busy).
    r.backoffMs = r.segmentsThisRun > 0 ? this.deps.options.backoffMinMs : Math.min(this.deps.options.backoffMaxMs, r.backoffMs * 2);
    if (!r.gapReason) r.gapReason = `recorder exited: ${why}`.slice(0, 500);
    r.killing = false;
    log.warn({ exit, backoffMs: r.backoffMs }, 'live recorder exited; restarting');
    this.mutate(r, (c) => ({
      ...c,
      state: c.state === 'live' ? 'stalled' : c.state === 'stopped' ? 'starting' : c.state,
      health: { ...c.health, restarts: c.health.restarts + 1, lastError: why.slice(0, 500) },
    }), true);
    r.restartTimer = setTimeout(() => {
      r.restartTimer = null;
      this.launch(r).catch((err: unknown) => {
        log.error({ err }, 'live recorder could not start');
        void this.exited(r, { exited: Promise.resolve(exit), stop: async () => exit }, { code: null, signal: null, detail: String(err) });
      });
    }, r.backoffMs);
  }

  private async segment(r: Runner, s: LiveSegment): Promise<void> {
    if (r.stopping) return;
    const now = this.deps.clock.now().getTime();
    r.segmentsThisRun += 1;
    r.lastSegmentWallMs = now;
    const gap = s.settled ? await this.markGap(r, s.run) : null;
    r.lastEndMs = Math.max(r.lastEndMs ?? 0, end(s));
    const rate = r.channel.rate ?? (await this.deps.cutter.probeRate(s).catch(() => null));
    if (now - r.lastPruneMs > PRUNE_EVERY_MS) {
      r.lastPruneMs = now;
      const keepFrom = now - r.channel.bufferMinutes * 60_000;
      await this.deps.recorder.prune(r.channel.id, keepFrom);
      await this.deps.store.pruneGaps(r.channel.id, keepFrom);
    }
    // Read back rather than counted: a run's first segments may still be re-anchored (see the recorder).
    const segs = await this.deps.recorder.segments(r.channel.id);
    const buffer = segs.length ? { startAt: iso(segs[0]!.startMs), endAt: iso(end(segs[segs.length - 1]!)), segments: segs.length } : null;
    const wasLive = r.channel.state === 'live';
    this.mutate(r, (c) => ({
      ...c,
      state: 'live',
      rate,
      buffer,
      health: {
        ...c.health,
        bitrateKbps: Math.round((s.sizeBytes * 8) / Math.max(1, s.durationMs)),
        lastSegmentAt: iso(end(s)),
        dropouts: c.health.dropouts + (gap ? 1 : 0),
      },
    }), !wasLive || gap !== null || now - r.lastEventMs > this.deps.options.healthEventMs);
    for (const l of this.segmentListeners) l(r.channel.id, s);
  }

  /** The hole between the previous run's last frame and this run's first, once this run's clock has settled. */
  private async markGap(r: Runner, run: number): Promise<LiveGap | null> {
    if (r.gapChecked) return null;
    r.gapChecked = true;
    const reason = r.gapReason;
    // Unknown until the run ends: the exit (or the stall watchdog) says why the next hole happened.
    r.gapReason = '';
    const first = (await this.deps.recorder.segments(r.channel.id)).find((x) => x.run === run);
    if (r.gapFrom === null || !first || first.startMs - r.gapFrom <= GAP_TOLERANCE_MS) return null;
    const gap = { startAt: iso(r.gapFrom), endAt: iso(first.startMs), reason: reason || 'input stalled' };
    await this.deps.store.addGap(r.channel.id, gap);
    this.deps.events.publish({ type: 'live.gap', channelId: r.channel.id, gap });
    return gap;
  }

  private checkStalls(): void {
    const now = this.deps.clock.now().getTime();
    for (const r of this.runners.values()) {
      const stallMs = this.deps.options.stallMs ?? r.channel.segmentSeconds * 3000 + 4000;
      if (!r.handle || r.stopping || r.killing || r.segmentsThisRun === 0 || now - r.lastSegmentWallMs < stallMs) continue;
      // The input went quiet without ffmpeg noticing: restart so the timeline is re-anchored to the wall clock.
      r.gapReason = 'input stalled';
      r.killing = true;
      this.mutate(r, (c) => ({ ...c, state: 'stalled' }), true);
      void r.handle.stop();
    }
  }

  /** Serialised read-modify-write of the runner's channel; `announce` pushes a live.channel event. */
  private mutate(r: Runner, change: (c: LiveChannel) => LiveChannel, announce: boolean): void {
    r.channel = { ...change(r.channel), updatedAt: this.deps.clock.now().toISOString() };
    const snapshot = r.channel;
    if (announce) {
      r.lastEventMs = this.deps.clock.now().getTime();
      this.publish(snapshot);
    }
    r.save = r.save
      .then(async () => {
        // Only the recorder's fields change here; desired state is the operator's and was read at launch.
        if (!(await this.deps.store.saveChannel(snapshot))) r.stopping = true;
      })
      .catch((err: unknown) => this.deps.log.error({ err, channelId: snapshot.id }, 'live channel state not saved'));
  }

  private async halt(id: string): Promise<void> {
    const r = this.runners.get(id);
    if (!r) return;
    r.stopping = true;
    if (r.restartTimer) clearTimeout(r.restartTimer);
    await r.handle?.stop();
    await r.save;
    this.runners.delete(id);
  }

  private publish(channel: LiveChannel): void {
    this.deps.events.publish({ type: 'live.channel', channel });
  }
}
