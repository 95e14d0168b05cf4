import type { Logger } from 'pino';
import { isAppError, type Asset, type CutawayEvent, type LiveClip, type LiveCueRef, type Technical } from '@cutaway/shared';
import type { CutawayClient } from '@cutaway/shared/client';
import type { MessageOf, MosItem, MosMessage } from '../codec/index';
import { mosTime, toMosObject } from '../sync/objects';
import type { RundownSync } from '../sync/rundown-sync';
import { cueFromCtrl, cueFromStatus, DEFAULT_STATUS_MAP, type CueAction, type StatusMap } from './cue-triggers';
import { liveChannelOf } from './live-ref';

export interface LiveCuePeer {
  /** Per peer switch (iNews: AllowMosItemReplace). */
  sendItemReplace: boolean;
  mosVersion: '2.8' | '2.6';
  /** Device-initiated message on the NRCS's upper port (MOS 2.8.5 §2.1); resolves with the roAck. */
  send(message: MosMessage): Promise<MosMessage>;
}

export interface LiveCueDeps {
  api: CutawayClient;
  sync: RundownSync;
  mosId: string;
  log: Logger;
  peer(ncsId: string): LiveCuePeer | undefined;
  statuses?: StatusMap;
}

type CueMessage = MessageOf<'roCtrl'> | MessageOf<'roElementStat'> | MessageOf<'roItemStat'>;

/**
 * The rundown side of live-to-VOD (issue 11 "From the rundown"). A story item that references a live channel
 * (live-ref.ts) is cued in and out by the NRCS (roCtrl EXECUTE/STOP, or an item status such as PLAY/STOP), or by
 * the MOS plug-in / Premiere panel, which call platform-api directly with the same `cue`. Cue-in opens a clip with
 * the item as its `cue`, cue-out closes it; platform-api's cue service makes a repeated cue-in harmless. When the
 * clip's instant master exists, and again when the exact master replaces it, the item gets the clip's asset
 * (mosItemReplace: objID = asset id, objDur/objTB, objPaths) and READY (roElementStat / roItemStat for 2.6 peers).
 */
export class LiveCue {
  /** `clipId\nstate` already reported, so a repeated event does not resend. */
  private readonly reported = new Set<string>();

  constructor(private readonly deps: LiveCueDeps) {}

  /** An NRCS message that may cue a live item; acted on in the background (the roAck is not held up). */
  onMessage(ncsId: string, m: CueMessage): void {
    let action: CueAction | null;
    if (m.type === 'roCtrl') action = cueFromCtrl(m.command);
    else if (m.type === 'roElementStat' && m.element !== 'ITEM') action = null;
    else action = cueFromStatus(m.status, this.deps.statuses ?? DEFAULT_STATUS_MAP);
    if (!action) return;
    for (const t of this.targets(ncsId, m.roId, m.storyId, m.itemId)) {
      this.cue(action, t.channelId, { ncsId, roId: m.roId, storyId: t.storyId, itemId: t.item.itemId }, t.title).catch((err: unknown) =>
        this.deps.log.warn({ err: (err as Error).message, ncsId, roId: m.roId, storyId: t.storyId, itemId: t.item.itemId, action }, 'live cue failed'),
      );
    }
  }

  /** Opens or closes the clip of one item through platform-api (the cue service there dedupes repeats). */
  async cue(action: CueAction, channelId: string, cue: LiveCueRef, title: string): Promise<LiveClip | null> {
    if (action === 'in') {
      const made = await this.deps.api.createLiveClip(channelId, { inAt: new Date().toISOString(), title, cue });
      this.deps.log.info({ channelId, clipId: made.clipId, ...cue }, 'live cue-in');
      return made.clip;
    }
    try {
      const clip = await this.deps.api.cueOutLive(channelId, cue);
      this.deps.log.info({ channelId, clipId: clip.id, ...cue }, 'live cue-out');
      return clip;
    } catch (err) {
      // A cue-out with no open clip (already closed, never opened) changes nothing.
      if (isAppError(err, 'live.clip_not_found') || isAppError(err, 'live.clip_closed')) return null;
      throw err;
    }
  }

  /** platform-api events: a cued clip reached its instant or exact master. */
  onEvent(e: CutawayEvent): void {
    if (e.type !== 'live.clip') return;
    const { clip } = e;
    if (!clip.cue?.ncsId || (clip.state !== 'instant' && clip.state !== 'exact')) return;
    const k = `${clip.id}\n${clip.state}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.linkBack(clip).catch((err: unknown) => {
      this.reported.delete(k);
      this.deps.log.warn({ err: (err as Error).message, clipId: clip.id }, 'live clip not linked back into the story');
    });
  }

  private async linkBack(clip: LiveClip): Promise<void> {
    const cue = clip.cue!;
    const ncsId = cue.ncsId!;
    const peer = this.deps.peer(ncsId);
    const ro = this.deps.sync.get(ncsId, cue.roId);
    const item = ro?.stories.find((s) => s.storyId === cue.storyId)?.items.find((i) => i.itemId === cue.itemId);
    if (!peer || !item) {
      this.deps.log.warn({ ...cue, clipId: clip.id }, 'cued item no longer in the running order; clip kept as an asset');
      return;
    }
    const [asset, links] = await Promise.all([this.deps.api.getAsset(clip.assetId), this.deps.api.mediaLinks(clip.assetId).catch(() => null)]);
    const obj = toMosObject(await this.withClipTiming(asset, clip), { links, momentCount: 0 });
    // MOS 2.8.5 §3.2.4 mosItemReplace: the item as the NRCS has it, with our object filled in (itemID unchanged,
    // the live reference MEM kept so the item can be cued again).
    const next: MosItem = {
      ...item, objId: asset.id, mosId: this.deps.mosId, objSlug: obj.objSlug,
      ...(obj.objDur !== undefined ? { objDur: obj.objDur } : {}), ...(obj.objTb !== undefined ? { objTb: obj.objTb } : {}), ...(obj.objPaths ? { objPaths: obj.objPaths } : {}),
    };
    const replace = { type: 'mosItemReplace' as const, roId: cue.roId, storyId: cue.storyId, item: next };
    this.deps.sync.accept(ncsId, replace);
    if (peer.sendItemReplace) await peer.send(replace);
    const time = mosTime(new Date());
    const status: MosMessage = peer.mosVersion === '2.6'
      ? { type: 'roItemStat', roId: cue.roId, storyId: cue.storyId, itemId: cue.itemId, objId: asset.id, status: 'READY', time }
      : { type: 'roElementStat', element: 'ITEM', roId: cue.roId, storyId: cue.storyId, itemId: cue.itemId, objId: asset.id, status: 'READY', time };
    this.deps.sync.setStatus(ncsId, cue.roId, cue.storyId, cue.itemId, 'READY');
    await peer.send(status);
    this.deps.log.info({ ...cue, clipId: clip.id, assetId: asset.id, state: clip.state }, 'live clip linked into the story, READY');
  }

  /**
   * The instant master is linked back as soon as it exists, often before ingest has probed it: its duration and rate
   * are then taken from the clip (what it covers) and the channel, so the item gets its objDur/objTB at once
   * (MOS 2.8.5 §3.2.4). A probed asset is used as it is.
   */
  private async withClipTiming(asset: Asset, clip: LiveClip): Promise<Asset> {
    if (asset.technical?.durationMs != null && asset.technical.rate) return asset;
    if (!clip.coveredFrom || !clip.coveredTo) return asset;
    const rate = asset.technical?.rate ?? (await this.deps.api.getLiveChannel(clip.channelId).catch(() => null))?.rate ?? null;
    const durationMs = Date.parse(clip.coveredTo) - Date.parse(clip.coveredFrom);
    const blank: Technical = {
      container: null, durationMs: null, rate: null, dropFrame: false, startTimecode: null, width: null, height: null,
      videoCodec: null, audioCodec: null, audioChannels: null, sampleRate: null, bitRate: null,
    };
    return { ...asset, technical: { ...(asset.technical ?? blank), durationMs: asset.technical?.durationMs ?? durationMs, rate } };
  }

  /** The live items a message addresses: one item, every item of a story (empty itemID), or of the RO (MOS 2.8.5 §3.9). */
  private targets(ncsId: string, roId: string, storyId?: string, itemId?: string): Array<{ storyId: string; item: MosItem; channelId: string; title: string }> {
    const ro = this.deps.sync.get(ncsId, roId);
    if (!ro) return [];
    const out: Array<{ storyId: string; item: MosItem; channelId: string; title: string }> = [];
    for (const s of ro.stories) {
      if (storyId && s.storyId !== storyId) continue;
      for (const i of s.items) {
        if (itemId && i.itemId !== itemId) continue;
        const channelId = liveChannelOf(i);
        if (channelId) out.push({ storyId: s.storyId, item: i, channelId, title: (i.itemSlug || s.storySlug || i.objSlug || 'Live clip').slice(0, 500) });
      }
    }
    return out;
  }
}
