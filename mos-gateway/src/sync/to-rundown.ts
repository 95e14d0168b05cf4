import type { RundownInput, RundownItem } from '@cutaway/shared';
import type { MosItem, RunningOrder } from '../codec/index';
import { plainText } from '../codec/index';
import { samplesToMs } from './media-time';

export interface PeerInfo {
  ncsId: string;
  nrcs: 'inews' | 'enps' | 'other';
  /** Our mosID: items carrying it reference Cutaway assets by objID. */
  mosId: string;
}

/** Looks up an asset's objTB when the item does not carry one (roCreate items usually do not). */
export type TimeBaseOf = (assetId: string) => number | undefined;

const ID = /^[a-z0-9][a-z0-9_-]{5,63}$/i;

/** roEdStart is spec time text (no zone from ENPS = local time, MOS 2.8.5 §6); unparsable → null. */
export function airTime(roEdStart: string | undefined): string | null {
  if (!roEdStart) return null;
  const t = Date.parse(roEdStart.replace(',', '.'));
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** roEdDur hh:mm:ss → ms. */
export function durationMs(roEdDur: string | undefined): number | null {
  const m = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(roEdDur?.trim() ?? '');
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : null;
}

export function toRundownItem(i: MosItem, peer: PeerInfo, tbOf: TimeBaseOf): RundownItem {
  const ours = i.mosId === peer.mosId && i.objId !== undefined && ID.test(i.objId);
  const tb = i.objTb && i.objTb > 0 ? i.objTb : ours ? tbOf(i.objId!) : undefined;
  const inMs = tb && i.itemEdStart !== undefined ? samplesToMs(i.itemEdStart, tb) : tb && i.itemEdDur !== undefined ? 0 : null;
  const outMs = tb && i.itemEdDur !== undefined && inMs !== null ? inMs + samplesToMs(i.itemEdDur, tb) : null;
  return {
    itemId: i.itemId.slice(0, 128) || '0',
    slug: i.itemSlug ?? i.objSlug ?? null,
    objId: (i.objId ?? '').slice(0, 128),
    mosId: (i.mosId ?? '').slice(0, 128),
    assetId: ours ? i.objId! : null,
    inMs,
    outMs,
    channel: i.itemChannel?.slice(0, 128) ?? null,
    abstract: i.mosAbstract ? plainText(i.mosAbstract).slice(0, 4000) : null,
    status: null,
  };
}

/** A MOS running order as the rundowns API stores it (stories and items in order). */
export function toRundownInput(ro: RunningOrder, peer: PeerInfo, tbOf: TimeBaseOf, air: 'READY' | 'NOT READY' | null, statuses: ReadonlyMap<string, string>): RundownInput {
  return {
    ncsId: peer.ncsId,
    mosId: peer.mosId,
    nrcs: peer.nrcs,
    roId: ro.roId,
    slug: ro.roSlug.slice(0, 500),
    channel: ro.roChannel?.slice(0, 128) ?? null,
    airTime: airTime(ro.roEdStart),
    durationMs: durationMs(ro.roEdDur),
    air,
    stories: ro.stories.map((s) => ({
      storyId: s.storyId.slice(0, 128),
      slug: s.storySlug ?? null,
      number: s.storyNum?.slice(0, 128) ?? null,
      items: s.items.map((i) => ({ ...toRundownItem(i, peer, tbOf), status: statuses.get(`${s.storyId}\n${i.itemId}`) ?? null })),
    })),
  };
}
