import type { Logger } from 'pino';
import type { LiveChannel, LiveClip } from '@cutaway/shared';
import type { ExactSession, InstantSession, LiveCutter, LiveSegment, PreparedHead } from '../../ports/live-recorder';
import type { ScratchSpace } from '../../ports/scratch-space';
import type { ClipPlan } from './clip-plan';

type Work = Awaited<ReturnType<ScratchSpace['create']>>;
/** A master being muxed while its clip records, with the scratch dir it is written to. */
interface Streamed<S> {
  session: S;
  out: string;
  work: Work;
}
type Aborts = { abort(): Promise<void> };

const end = (s: LiveSegment) => s.startMs + s.durationMs;
/** What an open-ended clip's MP4 index is reserved for: 20 minutes, or twice what it has so far. */
const openEndedMs = (inMs: number, now: number) => Math.max(1_200_000, 2 * (now - inMs));

/**
 * The streamed instant and exact passes of live clips (LiveCutter.openInstant / openExact; issue 11: both masters
 * within seconds of the out-point whatever the clip's length). `feed` opens them and hands them each settled segment
 * as the clip records, never waiting (the clip's own passes must not be held up); `takeInstant` / `takeExact` finish
 * them after the out-point. Whatever does not fit the final plan — a recorder restart in the middle, an overlap the
 * plan drops, the clip outgrowing the reserved index, a failed process — is found there, and the caller cuts whole.
 * In memory, as the head GOPs: after a restart the whole passes run.
 */
export class StreamedPasses {
  private readonly instants = new Map<string, Promise<Streamed<InstantSession> | null>>();
  private readonly exacts = new Map<string, Promise<Streamed<ExactSession> | null>>();

  constructor(private readonly deps: { cutter: LiveCutter; scratch: ScratchSpace; log: Logger }) {}

  /** Opens what can be opened for the clip and feeds both passes the segments that are theirs. */
  feed(clip: LiveClip, settled: readonly LiveSegment[], channel: LiveChannel, inMs: number, now: number, head: Promise<{ head: PreparedHead } | null> | undefined): void {
    // An open-ended clip's out-point is never before a segment that has already closed.
    const outMs = clip.outAt === null ? Infinity : Date.parse(clip.outAt);
    const first = settled.find((s) => s.startMs <= inMs && end(s) > inMs);
    this.feedInstant(clip, settled, first, inMs, outMs, now);
    if (head && first && end(first) < outMs) this.feedExact(clip, settled, first, channel, inMs, outMs, now, head);
  }

  /** The streamed instant master for this plan, or null (then: the whole pass). */
  async takeInstant(clipId: string, plan: ClipPlan): Promise<{ out: string; work: Work } | null> {
    const cut = await this.take(this.instants, clipId);
    if (!cut) return null;
    const { session } = cut;
    if (session.segments.length > 0 && session.segments.every((s, i) => plan.segments[i]?.ref === s.ref)) {
      for (const s of plan.segments.slice(session.segments.length)) session.append(s);
      try {
        await session.finish();
        return cut;
      } catch (err) {
        this.deps.log.warn({ err, clipId }, 'streamed instant pass failed; cutting whole');
      }
    }
    await release(cut);
    return null;
  }

  /** The streamed exact master for this plan, or null (then: the whole pass). */
  async takeExact(clipId: string, plan: ClipPlan): Promise<{ out: string; work: Work } | null> {
    const cut = await this.take(this.exacts, clipId);
    if (!cut) return null;
    const { session } = cut;
    const middle = plan.segments.slice(1, -1);
    const last = plan.segments[plan.segments.length - 1]!;
    if (middle.length > 0 && plan.segments[0]!.ref === session.headRef && session.middle.every((s, i) => middle[i]?.ref === s.ref)) {
      for (const s of middle.slice(session.middle.length)) session.append(s);
      try {
        await session.finish(last, plan.outOffsetMs);
        this.deps.log.info({ clipId, middleSegments: middle.length }, 'exact master streamed');
        return cut;
      } catch (err) {
        this.deps.log.warn({ err, clipId }, 'streamed exact pass failed; cutting whole');
      }
    }
    await release(cut);
    return null;
  }

  /** Stops and deletes what is being muxed for a clip (it failed, or the service stops). */
  async drop(clipId: string): Promise<void> {
    await Promise.all([this.take(this.instants, clipId), this.take(this.exacts, clipId)].map(async (made) => release(await made)));
  }

  async dropAll(): Promise<void> {
    await Promise.all([...new Set([...this.instants.keys(), ...this.exacts.keys()])].map((id) => this.drop(id)));
  }

  private feedInstant(clip: LiveClip, settled: readonly LiveSegment[], first: LiveSegment | undefined, inMs: number, outMs: number, now: number): void {
    const openInstant = this.deps.cutter.openInstant?.bind(this.deps.cutter);
    if (!openInstant) return;
    let made = this.instants.get(clip.id);
    if (!made) {
      if (!first) return;
      const expectedMs = outMs === Infinity ? openEndedMs(inMs, now) : outMs - first.startMs + first.durationMs;
      made = this.open(clip.id, 'live-instant', 'instant.mp4', async (out) => openInstant(expectedMs, out));
      this.instants.set(clip.id, made);
    }
    made.then((cut) => {
      if (!cut) return;
      // After the last segment fed (gone from the buffer listing: nothing to add), or from the in-point's segment.
      const fed = cut.session.segments[cut.session.segments.length - 1];
      const at = fed ? settled.findIndex((s) => s.ref === fed.ref) : -1;
      const from = fed ? (at < 0 ? -1 : at + 1) : first ? settled.indexOf(first) : -1;
      if (from < 0) return;
      for (const s of settled.slice(from)) {
        if (s.startMs > outMs) break;
        cut.session.append(s);
      }
    }).catch((err: unknown) => this.deps.log.warn({ err, clipId: clip.id }, 'streamed instant pass not fed'));
  }

  private feedExact(
    clip: LiveClip, settled: readonly LiveSegment[], first: LiveSegment, channel: LiveChannel, inMs: number, outMs: number, now: number,
    head: Promise<{ head: PreparedHead } | null>,
  ): void {
    const openExact = this.deps.cutter.openExact?.bind(this.deps.cutter);
    const rate = channel.rate;
    if (!openExact || !rate) return;
    let made = this.exacts.get(clip.id);
    if (!made) {
      const expectedMs = outMs === Infinity ? openEndedMs(inMs, now) : outMs - inMs;
      made = this.open(clip.id, 'live-exact', 'exact.mp4', async (out) => {
        const prepared = await head;
        if (!prepared || prepared.head.segmentRef !== first.ref) return null;
        return openExact({ head: prepared.head, headSegment: first, rate, encode: { videoBitrateKbps: channel.videoBitrateKbps }, expectedMs }, out);
      });
      this.exacts.set(clip.id, made);
    }
    made.then((cut) => {
      if (!cut) return;
      // The middle: after the last segment fed (or the head's), every settled one that ends by the out-point.
      const fed = cut.session.middle[cut.session.middle.length - 1]?.ref ?? cut.session.headRef;
      const from = settled.findIndex((s) => s.ref === fed);
      if (from < 0) return;
      for (const s of settled.slice(from + 1)) {
        if (end(s) > outMs) break;
        cut.session.append(s);
      }
    }).catch((err: unknown) => this.deps.log.warn({ err, clipId: clip.id }, 'streamed exact pass not fed'));
  }

  /** A scratch dir and a session writing into it; null (and nothing left behind) when it cannot start. */
  private async open<S extends Aborts>(clipId: string, dirName: string, fileName: string, start: (out: string) => Promise<S | null>): Promise<Streamed<S> | null> {
    let work: Work | null = null;
    try {
      work = await this.deps.scratch.create(dirName);
      const out = `${work.dir}/${fileName}`;
      const session = await start(out);
      if (session) return { session, out, work };
    } catch (err) {
      this.deps.log.warn({ err, clipId }, `streamed ${dirName.replace('live-', '')} pass not started; the whole pass will cut`);
    }
    await work?.dispose();
    return null;
  }

  private async take<S>(map: Map<string, Promise<Streamed<S> | null>>, clipId: string): Promise<Streamed<S> | null> {
    const made = map.get(clipId);
    map.delete(clipId);
    return (await made?.catch(() => null)) ?? null;
  }
}

async function release(cut: Streamed<Aborts> | null): Promise<void> {
  if (!cut) return;
  await cut.session.abort();
  await cut.work.dispose();
}
