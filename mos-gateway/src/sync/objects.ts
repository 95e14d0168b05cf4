import type { Asset, MediaLinks, Moment } from '@cutaway/shared';
import { esc } from '../codec/xml';
import type { ExternalMetadata, MosObject, ObjPath } from '../codec/index';
import { airStatus } from './air-status';
import { durationSamples, timeBase } from './media-time';

/** Schema URI of Cutaway's mosExternalMetadata payload (MOS 2.8.5 §3.1.2 mosSchema). */
export const CUTAWAY_SCHEMA = 'urn:cutaway:mos:asset:1';

const TYPES = { video: 'VIDEO', audio: 'AUDIO', image: 'STILL' } as const;

/** MOS times: `YYYY-MM-DDThh:mm:ssZ` (MOS 2.8.5 §6; fractions optional, we send none). */
export const mosTime = (d: Date | string): string => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Only media a playout can air is offered as a MOS object; documents are not. */
export const isMosAsset = (a: Asset): boolean => a.type in TYPES;

/** READY only when the asset is processed AND its original can be read now (not archived-unrestored). */
export const objAir = (a: Asset, links: MediaLinks | null): 'READY' | 'NOT READY' => airStatus(a, links).air;

function techDescription(a: Asset, what: 'original' | 'proxy'): string {
  const t = a.technical;
  if (what === 'proxy') return a.type === 'audio' ? 'AAC proxy' : 'H.264 proxy';
  const codec = (t?.videoCodec ?? t?.audioCodec ?? a.mime).toUpperCase();
  return t?.width && t.height ? `${codec} ${t.width}x${t.height}` : codec;
}

export interface ObjectExtras {
  links: MediaLinks | null;
  /** Moments to list in the metadata (search hits); the count is always given. */
  moments?: Moment[];
  momentCount: number;
  status?: 'NEW' | 'UPDATED' | 'DELETED';
}

/** A Cutaway asset as a MOS object (MOS 2.8.5 §3.1.2). objID = asset id; paths are signed, expiring URLs. */
export function toMosObject(a: Asset, x: ObjectExtras): MosObject {
  const paths: ObjPath[] = [];
  if (x.links?.original) paths.push({ kind: 'objPath', techDescription: techDescription(a, 'original'), url: x.links.original });
  if (x.links?.proxy) paths.push({ kind: 'objProxyPath', techDescription: techDescription(a, 'proxy'), url: x.links.proxy });
  if (x.links?.thumbnail) paths.push({ kind: 'objProxyPath', techDescription: 'JPEG Thumbnail', url: x.links.thumbnail });
  const dur = durationSamples(a);
  const air = airStatus(a, x.links);
  const obj: MosObject = {
    objId: a.id,
    objSlug: a.title.slice(0, 128),
    mosAbstract: esc(a.title.slice(0, 500)),
    objTb: timeBase(a),
    objRev: Math.min(999, a.version),
    objAir: air.air,
    createdBy: 'cutaway',
    created: mosTime(a.createdAt),
    changedBy: 'cutaway',
    changed: mosTime(a.updatedAt),
    mem: [cutawayMetadata(a, x, air.reason)],
  };
  if (a.type in TYPES) obj.objType = TYPES[a.type as keyof typeof TYPES];
  if (dur !== undefined) obj.objDur = dur;
  if (x.status) obj.status = x.status;
  if (paths.length) obj.objPaths = paths;
  // The reason an object cannot air leads its description (see air-status.ts for why here).
  const description = [air.reason ? `NOT READY: ${air.reason}` : '', a.description.slice(0, 4000)].filter(Boolean).join(' — ');
  if (description) obj.description = esc(description);
  return obj;
}

/** Tags, moment count, tier and status (plus the moments of a search hit), STORY scope so items carry them. */
export function cutawayMetadata(a: Asset, x: ObjectExtras, notReadyReason: string | null = null): ExternalMetadata {
  const tags = a.tags.map((t) => `<tag>${esc(t)}</tag>`).join('');
  const moments = (x.moments ?? [])
    .map((m) => `<moment kind="${m.kind}" startMs="${m.startMs}" endMs="${m.endMs}">${esc(m.text.slice(0, 500))}</moment>`)
    .join('');
  const payload =
    `<cutaway><assetId>${a.id}</assetId><status>${a.status}</status><tier>${a.storageTier}</tier><tags>${tags}</tags>` +
    `<momentCount>${x.momentCount}</momentCount>${moments ? `<moments>${moments}</moments>` : ''}` +
    `${notReadyReason ? `<notReadyReason>${esc(notReadyReason)}</notReadyReason>` : ''}</cutaway>`;
  return { scope: 'STORY', schema: CUTAWAY_SCHEMA, payload };
}
