import type { ExternalMetadata, MosItem } from '../codec/index';
import { esc } from '../codec/xml';

/**
 * How a story item references a Cutaway live channel: a mosExternalMetadata block (MOS 2.8.5 §3.1.2; scope
 * STORY so the NRCS keeps it on the item reference, §2.2) with this schema and the payload
 * `<cutawayLive><channelId>…</channelId><channelName>…</channelName></cutawayLive>`. The MOS plug-in puts it on
 * the items it drags for a live channel; an NRCS template or a producer can write the same block by hand. The
 * payload is opaque to the NRCS and kept verbatim, so it survives our own mosItemReplace (objID becomes the clip's asset).
 */
export const LIVE_SCHEMA = 'urn:cutaway:mos:live:1';

const CHANNEL = /<channelId>\s*([A-Za-z0-9_-]{1,64})\s*<\/channelId>/;

/** The live channel an item references, or null. */
export function liveChannelOf(item: Pick<MosItem, 'mem'>): string | null {
  for (const m of item.mem) {
    if (m.schema.trim() !== LIVE_SCHEMA) continue;
    const hit = CHANNEL.exec(m.payload);
    if (hit) return hit[1]!;
  }
  return null;
}

/** The reference block for a channel (plug-in drags and tests). */
export function liveMem(channelId: string, channelName = ''): ExternalMetadata {
  return { scope: 'STORY', schema: LIVE_SCHEMA, payload: `<cutawayLive><channelId>${esc(channelId)}</channelId><channelName>${esc(channelName)}</channelName></cutawayLive>` };
}
