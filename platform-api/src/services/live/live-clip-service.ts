import type { Logger } from 'pino';
import { AppError, type LiveChannel, type LiveClip, type LiveClipAccepted, type LiveClipCreate, type LiveGap } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { LiveCutter, LiveSegment, PreparedHead } from '../../ports/live-recorder';
import type { LiveStore } from '../../ports/live-store';
import type { ScratchSpace } from '../../ports/scratch-space';
import type { IngestService } from '../ingest-service';
import { planClip, type ClipPlan } from './clip-plan';
import type { LiveChannelService } from './live-channel-service';
import { resolvePoint } from './live-points';
import { StreamedPasses } from './streamed-passes';

export interface LiveClipOptions {
  /** An open-ended clip's master is re-cut at most this often (and at most every tenth of its length). */
  growIntervalMs: number;
  /** After the out-point, how long to wait for a late segment before cutting from what exists. Default 2 segments + 3 s. */
  settleMs?: number;
  /** Pending clips are looked at this often even when no segment arrives (a source that died). */
  tickMs: number;
}

const PENDING = ['waiting', 'growing', 'instant'] as const;

const MAX_ATTEMPTS = 3;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Live-to-VOD (issue 11 "Live-to-VOD"). A clip reserves its asset id at once; the instant pass (whole segments,
 * stream copy) catalogues the asset as soon as the segment holding the out-point closes; the exact pass (edge GOPs
 * re-encoded) replaces the master right after and re-runs ingest and enrichment. An open-ended clip is catalogued
 * with its first segment — searchable by title and tags while it grows — and re-cut as it grows.
 */
export class LiveClipService {
  private readonly busy = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly lastGrowMs = new Map<string, number>();
  /** Head GOPs encoded ahead of the out-point, by clip (in memory: after a restart the exact pass makes its own). */
  private readonly heads = new Map<string, Promise<{ head: PreparedHead; dispose: () => Promise<void> } | null>>();
  /** Masters muxed while the clip records (streamed-passes.ts). */
  private readonly streamed: StreamedPasses;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: {
      store: LiveStore; channels: LiveChannelService; cutter: LiveCutter; ingest: IngestService; events: EventBus;
      clock: Clock; ids: IdGenerator; scratch: ScratchSpace; log: Logger; options: LiveClipOptions;
    },
  ) {
    deps.channels.onSegment((channelId) => void this.kickChannel(channelId));
    this.streamed = new StreamedPasses({ cutter: deps.cutter, scratch: deps.scratch, log: deps.log });
  }

  /** `preset` ids make a retried create recognisable (scheduled recordings after a crash); the HTTP API never sets them. */
  async create(channelId: string, input: LiveClipCreate, preset?: { clipId: string; assetId: string }): Promise<LiveClipAccepted> {
    const channel = await this.deps.channels.get(channelId);
    const now = this.deps.clock.now().getTime();
    const inMs = resolvePoint(input.inAt, 'inAt', now, channel.rate);
    const outMs = input.outAt === undefined ? null : resolvePoint(input.outAt, 'outAt', now, channel.rate);
    if (outMs !== null && outMs <= inMs) throw new AppError('live.range_invalid', 'outAt must be after inAt', { inAt: iso(inMs), outAt: iso(outMs) });
    if (inMs > now + 86_400_000) throw new AppError('live.range_invalid', 'inAt is more than a day ahead', { inAt: iso(inMs) });
    const segs = await this.deps.channels.segments(channelId);
    const first = segs[0];
    const edgeMs = segs.length ? segs[segs.length - 1]!.startMs + segs[segs.length - 1]!.durationMs : null;
    // Before the oldest frame kept (or, with nothing recorded yet, already in the past) the range cannot be made.
    const oldest = first ? first.startMs : now - channel.segmentSeconds * 1000;
    if (inMs < oldest) {
      throw new AppError('live.out_of_buffer', `inAt is before the oldest frame in the buffer (${iso(oldest)})`, { inAt: iso(inMs), bufferStart: iso(oldest), bufferEnd: edgeMs === null ? null : iso(edgeMs) });
    }
    if (channel.desired === 'stopped' && (outMs === null || edgeMs === null || outMs > edgeMs)) {
      throw new AppError('live.channel_stopped', 'The channel is stopped: the range must lie inside what was recorded', { bufferEnd: edgeMs === null ? null : iso(edgeMs) });
    }
    const at = this.deps.clock.now().toISOString();
    const clip: LiveClip = {
      id: preset?.clipId ?? this.deps.ids.newId(), channelId, assetId: preset?.assetId ?? this.deps.ids.newId(), title: input.title, tags: input.tags ?? [], cue: input.cue ?? null,
      inAt: iso(inMs), outAt: outMs === null ? null : iso(outMs), state: 'waiting', coveredFrom: null, coveredTo: null, gaps: [],
      instantReadyAt: null, exactReadyAt: null, failure: null, createdAt: at, updatedAt: at,
    };
    await this.deps.store.createClip(clip);
    this.deps.events.publish({ type: 'live.clip', clip });
    this.kick(clip.id);
    return { clipId: clip.id, assetId: clip.assetId, clip };
  }

  async get(channelId: string, clipId: string): Promise<LiveClip> {
    await this.deps.channels.get(channelId);
    const clip = await this.deps.store.getClip(clipId);
    if (!clip || clip.channelId !== channelId) throw new AppError('live.clip_not_found', `No clip ${clipId} on channel ${channelId}`, { channelId, clipId });
    return clip;
  }

  async list(channelId: string): Promise<LiveClip[]> {
    await this.deps.channels.get(channelId);
    return this.deps.store.listClips(channelId);
  }

  /** Closes an open-ended clip at now. */
  async stop(channelId: string, clipId: string): Promise<LiveClip> {
    await this.settled(clipId);
    const clip = await this.get(channelId, clipId);
    if (clip.outAt !== null) throw new AppError('live.clip_closed', `Clip ${clipId} already ends at ${clip.outAt}`, { outAt: clip.outAt });
    const outMs = Math.max(this.deps.clock.now().getTime(), Date.parse(clip.inAt) + 1);
    const next = { ...clip, outAt: iso(outMs), updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.saveClip(next);
    this.deps.events.publish({ type: 'live.clip', clip: next });
    this.kick(clipId);
    return next;
  }

  /** Process start: clips accepted before a crash are finished from the buffer. */
  async startAll(): Promise<void> {
    for (const clip of await this.deps.store.listClipsInState(PENDING)) this.kick(clip.id);
    this.timer ??= setInterval(() => void this.kickAllPending(), this.deps.options.tickMs);
    this.timer.unref?.();
  }

  async stopAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.busy.values());
    await this.streamed.dropAll();
    await Promise.all([...this.heads.keys()].map((id) => this.dropHead(id)));
  }

  /** Resolves once no pass is running for the clip (tests, stop). */
  async settled(clipId: string): Promise<void> {
    while (this.busy.has(clipId)) await this.busy.get(clipId);
  }

  private async kickAllPending(): Promise<void> {
    try {
      for (const clip of await this.deps.store.listClipsInState(PENDING)) this.kick(clip.id);
    } catch (err) {
      this.deps.log.error({ err }, 'pending live clips not listed');
    }
  }

  private async kickChannel(channelId: string): Promise<void> {
    try {
      for (const clip of await this.deps.store.listClipsInState(PENDING)) if (clip.channelId === channelId) this.kick(clip.id);
    } catch (err) {
      this.deps.log.error({ err, channelId }, 'pending live clips not listed');
    }
  }

  /** One pass at a time per clip; a kick during a pass runs one more after it. */
  private kick(clipId: string): void {
    if (this.busy.has(clipId)) {
      this.again.add(clipId);
      return;
    }
    const run = this.advance(clipId)
      .catch((err: unknown) => this.failedAttempt(clipId, err))
      .finally(() => {
        this.busy.delete(clipId);
        if (this.again.delete(clipId)) this.kick(clipId);
      });
    this.busy.set(clipId, run);
  }

  private async advance(clipId: string): Promise<void> {
    const clip = await this.deps.store.getClip(clipId);
    if (!clip || !(PENDING as readonly string[]).includes(clip.state)) return;
    // An instant master whose exact pass failed for good stays as it is.
    if (clip.state === 'instant' && clip.failure) return;
    const channel = await this.deps.store.getChannel(clip.channelId);
    if (!channel) return this.fail(clip, new AppError('live.channel_not_found', 'The channel was deleted'));
    const segs = await this.deps.channels.segments(clip.channelId);
    const now = this.deps.clock.now().getTime();
    const inMs = Date.parse(clip.inAt);
    // Only segments placed for good count as the live edge: right after a restart, a run's first segments may
    // still move a little, and the gap before them is not marked yet.
    const settled = segs.filter((s) => s.settled);
    const last = settled[settled.length - 1];
    const edgeMs = last ? last.startMs + last.durationMs : -Infinity;
    // Still before the out-point: use the wait to encode the head GOP.
    if ((clip.state === 'waiting' || clip.state === 'growing') && (clip.outAt === null || edgeMs <= Date.parse(clip.outAt))) this.prepareHead(clip, settled, channel, inMs);
    // The exact master is muxed while the rest of the clip is still being recorded (open-ended clips too: their
    // out-point is never before a segment that has already closed).
    if (clip.state === 'waiting' || clip.state === 'growing') this.streamed.feed(clip, settled, channel, inMs, now, this.heads.get(clip.id));

    if (clip.outAt === null) {
      if (edgeMs <= inMs) return;
      const coveredMs = edgeMs - inMs;
      const since = now - (this.lastGrowMs.get(clip.id) ?? 0);
      if (clip.state === 'growing' && since < Math.max(this.deps.options.growIntervalMs, coveredMs / 10)) return;
      this.lastGrowMs.set(clip.id, now);
      const plan = planClip(segs, inMs, edgeMs);
      if (plan) await this.instant(clip, plan, 'growing');
      return;
    }

    const outMs = Date.parse(clip.outAt);
    const settleMs = this.deps.options.settleMs ?? channel.segmentSeconds * 2000 + 3000;
    // Ready when the segment holding the out-point has closed — or, if the source died, once waiting is pointless.
    if (edgeMs <= outMs && now < outMs + settleMs) return;
    const plan = planClip(segs, inMs, outMs);
    if (!plan) return this.fail(clip, new AppError('live.out_of_buffer', 'Nothing was recorded between inAt and outAt'));
    // The exact cut starts now, beside the instant pass (stream copy, I/O bound), not after it.
    const exactCut = this.cutExact(clip, plan, channel);
    exactCut.catch(() => undefined);
    let current = clip;
    try {
      if (clip.state !== 'instant') current = await this.instant(clip, plan, 'instant');
    } catch (err) {
      await exactCut.then((c) => c.work.dispose(), () => undefined);
      throw err;
    }
    await this.exact(current, plan, await exactCut);
  }

  /**
   * Encodes the head GOP (in-point to the end of its segment) as soon as that segment is placed for good, while the
   * clip still waits for its out-point: the exact pass then only encodes the tail (issue 11: exact ≤ 3 s after the
   * out-point). Clips that end inside their first segment have no separate head. Runs beside the clip's passes, never
   * holding them up: the instant pass does not wait for it; the exact pass does (finishing a head already under way
   * beats encoding it again).
   */
  private prepareHead(clip: LiveClip, settled: readonly LiveSegment[], channel: LiveChannel, inMs: number): void {
    const rate = channel.rate;
    if (this.heads.has(clip.id) || !rate) return;
    const seg = settled.find((s) => s.startMs <= inMs && s.startMs + s.durationMs > inMs);
    if (!seg) return;
    const segEnd = seg.startMs + seg.durationMs;
    if (clip.outAt !== null && Date.parse(clip.outAt) < segEnd) return;
    const made = (async () => {
      const work = await this.deps.scratch.create('live-head');
      try {
        const head = await this.deps.cutter.head({ segment: seg, inOffsetMs: inMs - seg.startMs, rate, encode: { videoBitrateKbps: channel.videoBitrateKbps } }, `${work.dir}/head.ts`);
        return { head, dispose: () => work.dispose() };
      } catch (err) {
        // Only a head start: the exact pass encodes the head itself.
        this.deps.log.warn({ err, clipId: clip.id }, 'head GOP not prepared ahead');
        await work.dispose();
        return null;
      }
    })();
    this.heads.set(clip.id, made);
  }

  private async dropHead(clipId: string): Promise<void> {
    const h = this.heads.get(clipId);
    this.heads.delete(clipId);
    await (await h)?.dispose();
  }

  private async instant(clip: LiveClip, plan: ClipPlan, state: 'instant' | 'growing'): Promise<LiveClip> {
    // The final instant master was usually copied while the clip recorded; a growing clip's re-cuts are whole.
    const streamed = state === 'instant' ? await this.streamed.takeInstant(clip.id, plan) : null;
    const work = streamed?.work ?? (await this.deps.scratch.create('live-instant'));
    try {
      const out = streamed?.out ?? `${work.dir}/instant.mp4`;
      if (!streamed) await this.deps.cutter.instant(plan.segments, out);
      const durationMs = plan.instant.toMs - plan.instant.fromMs;
      if (await this.deps.ingest.assetExists(clip.assetId)) {
        await this.deps.ingest.replaceOriginal(clip.assetId, out, { reprocess: false, durationMs });
      } else {
        await this.deps.ingest.ingestFile(
          out,
          { fileName: `${clip.title}.mp4`, originalReady: true, meta: { title: clip.title, tags: clip.tags }, origin: { kind: 'live', ref: clip.channelId } },
          { move: true, assetId: clip.assetId },
        );
      }
      const now = this.deps.clock.now().toISOString();
      return this.save({
        ...clip, state, coveredFrom: iso(plan.instant.fromMs), coveredTo: iso(plan.instant.toMs),
        gaps: await this.gaps(clip.channelId, plan), instantReadyAt: clip.instantReadyAt ?? now,
      });
    } finally {
      await work.dispose();
    }
  }

  private async cutExact(clip: LiveClip, plan: ClipPlan, channel: LiveChannel): Promise<{ out: string; work: { dispose(): Promise<void> } }> {
    const streamed = await this.streamed.takeExact(clip.id, plan);
    if (streamed) return streamed;
    const work = await this.deps.scratch.create('live-exact');
    try {
      const out = `${work.dir}/exact.mp4`;
      const head = (await this.heads.get(clip.id))?.head;
      await this.deps.cutter.exact({ segments: plan.segments, inOffsetMs: plan.inOffsetMs, outOffsetMs: plan.outOffsetMs, rate: channel.rate, encode: { videoBitrateKbps: channel.videoBitrateKbps }, ...(head ? { head } : {}) }, out);
      return { out, work };
    } catch (err) {
      await work.dispose();
      throw err;
    }
  }

  private async exact(clip: LiveClip, plan: ClipPlan, cut: { out: string; work: { dispose(): Promise<void> } }): Promise<void> {
    const { out, work } = cut;
    try {
      // The instant master stays on air while its renditions are remade from the exact one (issue 11: the item is
      // updated again, not taken off air).
      await this.deps.ingest.replaceOriginal(clip.assetId, out, { reprocess: true, stayReady: true });
      await this.save({
        ...clip, state: 'exact', coveredFrom: iso(plan.exact.fromMs), coveredTo: iso(plan.exact.toMs),
        gaps: await this.gaps(clip.channelId, plan), exactReadyAt: this.deps.clock.now().toISOString(),
      });
      this.attempts.delete(clip.id);
      this.lastGrowMs.delete(clip.id);
      await this.dropHead(clip.id);
    } finally {
      await work.dispose();
    }
  }

  /** The holes in the clip, each with the channel's own reason where one was recorded. */
  private async gaps(channelId: string, plan: ClipPlan): Promise<LiveGap[]> {
    if (!plan.holes.length) return [];
    const known = await this.deps.store.listGaps(channelId, plan.holes[0]!.startMs, plan.holes[plan.holes.length - 1]!.endMs);
    return plan.holes.map((h) => ({
      startAt: iso(h.startMs),
      endAt: iso(h.endMs),
      reason: known.find((g) => Date.parse(g.startAt) < h.endMs && Date.parse(g.endAt) > h.startMs)?.reason ?? 'not recorded',
    }));
  }

  private async failedAttempt(clipId: string, err: unknown): Promise<void> {
    const n = (this.attempts.get(clipId) ?? 0) + 1;
    this.attempts.set(clipId, n);
    this.deps.log.error({ err, clipId, attempt: n }, 'live clip pass failed');
    if (n < MAX_ATTEMPTS) return;
    const clip = await this.deps.store.getClip(clipId);
    if (clip) await this.fail(clip, err);
  }

  private async fail(clip: LiveClip, err: unknown): Promise<void> {
    this.attempts.delete(clip.id);
    await this.streamed.drop(clip.id);
    await this.dropHead(clip.id);
    const failure = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal', message: 'The clip could not be cut' };
    // A clip whose instant master exists keeps it: only the exact pass is missing.
    if (clip.state === 'instant' && err instanceof AppError && err.code.startsWith('media.')) {
      await this.save({ ...clip, state: 'instant', failure });
      return;
    }
    await this.save({ ...clip, state: 'failed', failure });
  }

  private async save(clip: LiveClip): Promise<LiveClip> {
    const next = { ...clip, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.saveClip(next);
    this.deps.events.publish({ type: 'live.clip', clip: next });
    return next;
  }
}
