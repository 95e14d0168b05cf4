import type { Asset, MediaLinks } from '@cutaway/shared';
import { encode, type MosItem } from '../../src/codec/index';
import { esc } from '../../src/codec/xml';
import { cutawayMetadata } from '../../src/sync/objects';
import { msToSamples, timeBase, durationSamples } from '../../src/sync/media-time';

export interface Range {
  inMs: number;
  outMs: number;
}

/**
 * The item a journalist drops into a story (MOS 2.8.5 §5.3.8 ncsItem; drag payload as ENPS and iNews
 * read it: `<mos><ncsItem><item>…`). itemID 0: the host numbers items. itemEdStart/itemEdDur are
 * samples at objTB (the asset's own rate), the same convention as our mosObj.
 */
export function buildNcsItem(o: { asset: Asset; links: MediaLinks | null; mosId: string; range: Range | null; label?: string }): MosItem {
  const { asset, links, range } = o;
  const tb = timeBase(asset);
  const item: MosItem = {
    itemId: '0',
    itemSlug: (o.label ? `${asset.title} – ${o.label}` : asset.title).slice(0, 128),
    objId: asset.id,
    mosId: o.mosId,
    mosAbstract: esc(`${asset.title}${range ? ` [${fmt(range.inMs)}–${fmt(range.outMs)}]` : ''}`),
    objSlug: asset.title.slice(0, 128),
    objTb: tb,
    mem: [cutawayMetadata(asset, { links, momentCount: 0 })],
  };
  const dur = durationSamples(asset);
  if (dur !== undefined) item.objDur = dur;
  if (range && range.outMs > range.inMs) {
    item.itemEdStart = msToSamples(range.inMs, tb);
    item.itemEdDur = Math.max(1, msToSamples(range.outMs, tb) - item.itemEdStart);
  }
  const paths = [];
  if (links?.original) paths.push({ kind: 'objPath' as const, techDescription: (asset.technical?.videoCodec ?? asset.mime).toUpperCase(), url: links.original });
  if (links?.proxy) paths.push({ kind: 'objProxyPath' as const, techDescription: 'H.264 proxy', url: links.proxy });
  if (paths.length) item.objPaths = paths;
  return item;
}

export const ncsItemXml = (item: MosItem): string => encode(null, { type: 'ncsItem', item });

function fmt(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(Math.floor((ms % 1000) / 100))}`;
}
