import type { Logger } from 'pino';
import { AppError, type RundownSummary } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import { encode, type MosMessage, type RunningOrder } from '../codec/index';
import { applyEdit, type RoEdit } from './ro-model';
import type { InboundDedup, SeenKey } from '../session/inbound-dedup';
import type { JournalEntry, RoJournal } from './ro-journal';
import { toRundownInput, type PeerInfo, type TimeBaseOf } from './to-rundown';

interface RoState {
  ro: RunningOrder;
  air: 'READY' | 'NOT READY' | null;
  /** Last item status we reported, by `storyId\nitemId`. */
  statuses: Map<string, string>;
  deleted: boolean;
  dirty: boolean;
  pushing: Promise<void> | null;
  rundownId: string | null;
  /** Whether `statuses` were read back from platform-api (after a restart the journal has no statuses). */
  statusesLoaded: boolean;
  /** Sequence number of the last NRCS message applied (a resync never overwrites what arrived after it asked). */
  touched: number;
}

export type RoCommand =
  | { type: 'roCreate' | 'roReplace' | 'roList'; ro: RunningOrder }
  | { type: 'roMetadataReplace'; ro: Omit<RunningOrder, 'stories'> }
  | { type: 'roDelete'; roId: string }
  | { type: 'roReadyToAir'; roId: string; roAir: 'READY' | 'NOT READY' }
  | RoEdit;

/**
 * The running orders of every NRCS, kept in MOS form in memory, journalled on accept and written
 * to platform-api (PUT /rundowns) asynchronously: `accept` returns at once so the roAck is sent
 * at once (MOS 2.8.5 §1.5 "ack fast, work after"); pushes for one running order are coalesced.
 */
export class RundownSync {
  private readonly ros = new Map<string, RoState>();
  private seq = 0;
  private readonly listeners = new Set<(peer: PeerInfo, roId: string, rundown: RundownSummary) => void>();

  constructor(
    private readonly deps: { api: CutawayClient; journal: RoJournal; log: Logger; timeBase: TimeBaseOf; peers: ReadonlyMap<string, PeerInfo>; retryMs?: number; pushIntervalMs?: number; prefetch?: (assetIds: string[]) => Promise<void>; dedup?: InboundDedup },
  ) {}

  /** Replays the journal (crash recovery) and compacts it; pushes every replayed running order. */
  recover(decode: (xml: string) => MosMessage): number {
    const entries = this.deps.journal.read();
    for (const e of entries) {
      if (e.seen) this.deps.dedup?.remember(e.seen, { type: 'roAck', roId: e.seen.roId, roStatus: 'OK', items: [] });
      if (!e.xml) continue;
      try {
        this.apply(e.ncsId, decode(e.xml) as RoCommand, false);
      } catch (err) {
        this.deps.log.warn({ err, ncsId: e.ncsId }, 'journal entry could not be replayed');
      }
    }
    this.compact();
    for (const [key, s] of this.ros) if (!s.deleted) this.schedule(key);
    return entries.length;
  }

  /**
   * Applies one NRCS message to the model; throws AppError (`mos.ro_not_found`, `rundown.invalid`)
   * when it cannot be applied — then nothing changed, and the roAck says why.
   */
  accept(ncsId: string, cmd: RoCommand, rawXml?: string, seen?: SeenKey | null): void {
    this.apply(ncsId, cmd, true, rawXml, seen ?? undefined);
  }

  has(ncsId: string, roId: string): boolean {
    const s = this.ros.get(key(ncsId, roId));
    return Boolean(s && !s.deleted);
  }

  get(ncsId: string, roId: string): RunningOrder | null {
    const s = this.ros.get(key(ncsId, roId));
    return s && !s.deleted ? s.ro : null;
  }

  list(ncsId: string): RunningOrder[] {
    return [...this.ros.entries()].filter(([k, s]) => k.startsWith(`${ncsId}\n`) && !s.deleted).map(([, s]) => s.ro);
  }

  /** Items (with their story) of every running order of this peer that play `assetId`. */
  itemsUsing(ncsId: string, assetId: string, mosId: string): Array<{ roId: string; storyId: string; itemId: string; objId: string; itemChannel?: string; lastStatus: string | undefined }> {
    const out: Array<{ roId: string; storyId: string; itemId: string; objId: string; itemChannel?: string; lastStatus: string | undefined }> = [];
    for (const ro of this.list(ncsId)) {
      const st = this.ros.get(key(ncsId, ro.roId))!;
      for (const s of ro.stories)
        for (const i of s.items)
          if (i.objId === assetId && i.mosId === mosId) out.push({ roId: ro.roId, storyId: s.storyId, itemId: i.itemId, objId: assetId, ...(i.itemChannel ? { itemChannel: i.itemChannel } : {}), lastStatus: st.statuses.get(`${s.storyId}\n${i.itemId}`) });
    }
    return out;
  }

  /**
   * What we last told the NRCS is stored with the rundown's items: read back once per process, so a restart
   * does not report every item again (unanswered reports are still in the outbox and go out from there).
   * Called before the first push and before the first status comparison, whichever comes first.
   */
  async loadStatuses(ncsId: string, roId: string): Promise<void> {
    const s = this.ros.get(key(ncsId, roId));
    if (!s || s.statusesLoaded) return;
    const stored = await this.deps.api.findRundown(ncsId, roId).catch((e: unknown) => (e instanceof AppError && e.code === 'rundown.not_found' ? null : Promise.reject(e)));
    for (const st of stored?.stories ?? []) for (const i of st.items) if (i.status && !s.statuses.has(`${st.storyId}\n${i.itemId}`)) s.statuses.set(`${st.storyId}\n${i.itemId}`, i.status);
    s.statusesLoaded = true;
  }

  setStatus(ncsId: string, roId: string, storyId: string, itemId: string, status: string): void {
    const s = this.ros.get(key(ncsId, roId));
    if (!s) return;
    s.statuses.set(`${storyId}\n${itemId}`, status);
    this.schedule(key(ncsId, roId));
  }

  /** A point in the message sequence: pass it to `reconcile`/`removeMissing` to ignore what changes after it. */
  mark(): number {
    return this.seq;
  }

  /**
   * Start-up resync (MOS 2.8.5 §3.5 roReqAll/roReq): the NRCS's version of one running order replaces ours
   * when it differs, unless the NRCS changed it since `since` (its live messages are newer than the list).
   */
  reconcile(ncsId: string, ro: RunningOrder, since: number): 'unchanged' | 'replaced' | 'skipped' {
    const s = this.ros.get(key(ncsId, ro.roId));
    if (s && s.touched > since) return 'skipped';
    if (s && !s.deleted && encode(null, { type: 'roCreate', ro: s.ro }) === encode(null, { type: 'roCreate', ro })) return 'unchanged';
    this.accept(ncsId, { type: 'roCreate', ro });
    return 'replaced';
  }

  /** Deletes every running order of this NRCS that it no longer lists (and that did not change since `since`). */
  removeMissing(ncsId: string, listed: ReadonlySet<string>, since: number): string[] {
    const gone: string[] = [];
    for (const ro of this.list(ncsId)) {
      const s = this.ros.get(key(ncsId, ro.roId))!;
      if (listed.has(ro.roId) || s.touched > since) continue;
      this.accept(ncsId, { type: 'roDelete', roId: ro.roId });
      gone.push(ro.roId);
    }
    return gone;
  }

  onPushed(listener: (peer: PeerInfo, roId: string, rundown: RundownSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every pending push has been written (tests, shutdown). */
  async flush(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const busy = [...this.ros.values()].filter((s) => s.pushing || s.dirty);
      if (!busy.length) return;
      await Promise.all(busy.map((s) => s.pushing ?? new Promise((r) => setTimeout(r, 20))));
    }
  }

  private apply(ncsId: string, cmd: RoCommand, journal: boolean, rawXml?: string, seen?: SeenKey): void {
    const roId = 'ro' in cmd ? cmd.ro.roId : cmd.roId;
    const k = key(ncsId, roId);
    const s = this.ros.get(k);
    const live = s && !s.deleted ? s : null;
    let next: RunningOrder;
    switch (cmd.type) {
      case 'roCreate':
      case 'roReplace':
      case 'roList':
        next = cmd.ro;
        break;
      case 'roMetadataReplace':
        if (!live) throw notFound(ncsId, cmd.ro.roId);
        // MOS 2.8.5 §3.4.4: header fields replaced, stories kept.
        next = { ...cmd.ro, stories: live.ro.stories };
        break;
      case 'roDelete':
        if (!live) throw notFound(ncsId, cmd.roId);
        next = live.ro;
        break;
      case 'roReadyToAir':
        if (!live) throw notFound(ncsId, cmd.roId);
        next = live.ro;
        break;
      default:
        if (!live) throw notFound(ncsId, cmd.roId);
        next = applyEdit(live.ro, cmd);
    }
    // The message as received is journalled (re-encoding a 200-story roCreate would cost the ack path).
    // The de-duplication key rides on the same line: applied and "seen" are one write, never one without the other.
    if (journal) this.deps.journal.append({ ncsId, xml: rawXml ?? encode(null, cmd as MosMessage), ...(seen ? { seen: { ...seen, roId } } : {}) });
    // One state object per running order for its whole life: a push in flight loops on this object's `dirty`,
    // so a roCreate over a running order being written must not swap it for a new one (its push would be lost).
    const state: RoState = s ?? { ro: next, air: null, statuses: new Map(), deleted: false, dirty: false, pushing: null, rundownId: null, touched: 0, statusesLoaded: false };
    if (!live || cmd.type === 'roCreate') state.air = null;
    state.ro = next;
    if (journal) state.touched = ++this.seq;
    state.deleted = cmd.type === 'roDelete';
    if (cmd.type === 'roReadyToAir') state.air = cmd.roAir;
    this.ros.set(k, state);
    if (journal && this.deps.journal.needsCompaction) this.compact();
    this.schedule(k);
  }

  private compact(): void {
    const entries: JournalEntry[] = [];
    // Keys of the most recent NRCS messages survive the compaction (a resend may still come).
    for (const r of this.deps.dedup?.recent(256) ?? []) {
      if (r.reply.type === 'roAck' && r.port === 'upper') entries.push({ ncsId: r.ncsId, xml: '', seen: { ncsId: r.ncsId, port: r.port, messageId: r.messageId, hash: r.hash, roId: r.reply.roId } });
    }
    for (const [k, s] of this.ros) {
      if (s.deleted) continue;
      entries.push({ ncsId: k.slice(0, k.indexOf('\n')), xml: encode(null, { type: 'roCreate', ro: s.ro }) });
      if (s.air) entries.push({ ncsId: k.slice(0, k.indexOf('\n')), xml: encode(null, { type: 'roReadyToAir', roId: s.ro.roId, roAir: s.air }) });
    }
    this.deps.journal.rewrite(entries);
  }

  /** One push at a time per running order; changes arriving meanwhile go out in the next push. */
  private schedule(k: string): void {
    const s = this.ros.get(k);
    if (!s) return;
    s.dirty = true;
    if (s.pushing) return;
    s.pushing = (async () => {
      // Coalesce a burst (roCreate + a run of roElementActions) into one write, and write one running
      // order at most every pushIntervalMs: the NRCS is never slowed (acks do not wait), the API is not flooded.
      await new Promise((r) => setImmediate(r));
      while (s.dirty) {
        s.dirty = false;
        const started = Date.now();
        try {
          await this.push(k, s);
        } catch (err) {
          this.deps.log.error({ err, ro: k }, 'could not write the running order to platform-api; retrying');
          s.dirty = true;
          await new Promise((r) => setTimeout(r, this.deps.retryMs ?? 2000));
        }
        const rest = (this.deps.pushIntervalMs ?? 250) - (Date.now() - started);
        if (s.dirty && rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
      s.pushing = null;
    })();
  }

  private async push(k: string, s: RoState): Promise<void> {
    const ncsId = k.slice(0, k.indexOf('\n'));
    const peer = this.deps.peers.get(ncsId);
    if (!peer) return;
    if (s.deleted) {
      const id = s.rundownId ?? (await this.deps.api.findRundown(ncsId, s.ro.roId).then((r) => r.id, (e: unknown) => (e instanceof AppError && e.code === 'rundown.not_found' ? null : Promise.reject(e))));
      if (id) await this.deps.api.deleteRundown(id).catch((e: unknown) => (e instanceof AppError && e.code === 'rundown.not_found' ? undefined : Promise.reject(e)));
      s.rundownId = null;
      return;
    }
    // One version throughout: messages applied during the awaits below go out in the next push.
    const ro = s.ro;
    // objTB of the items' assets, so itemEdStart/itemEdDur convert to ms (roCreate items carry no objTB).
    const ids = [...new Set(ro.stories.flatMap((st) => st.items.filter((i) => i.mosId === peer.mosId && i.objId).map((i) => i.objId!)))];
    if (ids.length) await this.deps.prefetch?.(ids);
    await this.loadStatuses(ncsId, ro.roId);
    const rundown = await this.deps.api.putRundown(toRundownInput(ro, peer, this.deps.timeBase, s.air, s.statuses));
    s.rundownId = rundown.id;
    for (const l of this.listeners) l(peer, ro.roId, rundown);
  }
}

const key = (ncsId: string, roId: string) => `${ncsId}\n${roId}`;
const notFound = (ncsId: string, roId: string) => new AppError('mos.ro_not_found', `Unknown running order ${roId}`, { ncsId, roId });
