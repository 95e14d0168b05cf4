import type { Logger } from 'pino';
import { AppError, type RundownSummary } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import { encode, type MosMessage, type RunningOrder } from '../codec/index';
import { applyEdit, type RoEdit } from './ro-model';
import type { RoJournal } from './ro-journal';
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
  private readonly listeners = new Set<(peer: PeerInfo, roId: string, rundown: RundownSummary) => void>();

  constructor(
    private readonly deps: { api: CutawayClient; journal: RoJournal; log: Logger; timeBase: TimeBaseOf; peers: ReadonlyMap<string, PeerInfo>; retryMs?: number; pushIntervalMs?: number; prefetch?: (assetIds: string[]) => Promise<void> },
  ) {}

  /** Replays the journal (crash recovery) and compacts it; pushes every replayed running order. */
  recover(decode: (xml: string) => MosMessage): number {
    const entries = this.deps.journal.read();
    for (const e of entries) {
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
  accept(ncsId: string, cmd: RoCommand, rawXml?: string): void {
    this.apply(ncsId, cmd, true, rawXml);
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

  setStatus(ncsId: string, roId: string, storyId: string, itemId: string, status: string): void {
    const s = this.ros.get(key(ncsId, roId));
    if (!s) return;
    s.statuses.set(`${storyId}\n${itemId}`, status);
    this.schedule(key(ncsId, roId));
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

  private apply(ncsId: string, cmd: RoCommand, journal: boolean, rawXml?: string): void {
    const k = key(ncsId, 'ro' in cmd ? cmd.ro.roId : cmd.roId);
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
    if (journal) this.deps.journal.append({ ncsId, xml: rawXml ?? encode(null, cmd as MosMessage) });
    const state: RoState = live && cmd.type !== 'roCreate'
      ? live
      : { ro: next, air: null, statuses: s?.statuses ?? new Map(), deleted: false, dirty: false, pushing: s?.pushing ?? null, rundownId: s?.rundownId ?? null };
    state.ro = next;
    state.deleted = cmd.type === 'roDelete';
    if (cmd.type === 'roReadyToAir') state.air = cmd.roAir;
    this.ros.set(k, state);
    if (journal && this.deps.journal.needsCompaction) this.compact();
    this.schedule(k);
  }

  private compact(): void {
    const entries = [];
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
    // objTB of the items' assets, so itemEdStart/itemEdDur convert to ms (roCreate items carry no objTB).
    const ids = [...new Set(s.ro.stories.flatMap((st) => st.items.filter((i) => i.mosId === peer.mosId && i.objId).map((i) => i.objId!)))];
    if (ids.length) await this.deps.prefetch?.(ids);
    const rundown = await this.deps.api.putRundown(toRundownInput(s.ro, peer, this.deps.timeBase, s.air, s.statuses));
    s.rundownId = rundown.id;
    for (const l of this.listeners) l(peer, s.ro.roId, rundown);
  }
}

const key = (ncsId: string, roId: string) => `${ncsId}\n${roId}`;
const notFound = (ncsId: string, roId: string) => new AppError('mos.ro_not_found', `Unknown running order ${roId}`, { ncsId, roId });
