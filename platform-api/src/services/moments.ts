import { msToTimecode, type Asset, type Moment, type Rate, type Segment } from '@cutaway/shared';
import type { IndexMoment } from '../ports/search-index';
import { visibleKind } from '../rules/visual-moments';

/** Audio, images and documents have no frame rate; their moments display at 25 fps (EBU default). */
const FALLBACK_RATE: Rate = { num: 25, den: 1 };

export function thumbnailUrl(assetId: string, atMs: number): string {
  return `/api/v1/assets/${encodeURIComponent(assetId)}/thumbnail?atMs=${atMs}`;
}

/** Display timecodes in the asset's own rate and drop-frame mode, offset by its start timecode. */
export function timecodesFor(asset: Asset, startMs: number, endMs: number): { timecodeIn: string; timecodeOut: string } {
  const rate = asset.technical?.rate ?? FALLBACK_RATE;
  const dropFrame = asset.technical?.dropFrame ?? false;
  return {
    timecodeIn: msToTimecode(startMs, rate, { dropFrame }),
    timecodeOut: msToTimecode(endMs, rate, { dropFrame }),
  };
}

const hasThumbnails = (asset: Asset) => asset.renditions.some((r) => r.kind === 'thumbnail');

/** A search-index moment as clients see it. */
export function toMoment(asset: Asset, m: IndexMoment, matchedBy: Moment['matchedBy'] = 'lexical'): Moment {
  return {
    assetId: asset.id,
    kind: visibleKind(m.kind, m.text),
    startMs: m.startMs,
    endMs: m.endMs,
    ...timecodesFor(asset, m.startMs, m.endMs),
    text: m.text,
    highlighted: m.highlighted,
    score: m.score,
    confidence: m.confidence,
    thumbnailUrl: hasThumbnails(asset) ? thumbnailUrl(asset.id, m.startMs) : null,
    matchedBy,
    // Filled in by the search service, which knows the query (search-reasons.ts).
    reason: '',
  };
}

/** A stored segment (no query, so nothing highlighted) as a moment. */
export function segmentToMoment(asset: Asset, s: Segment): Moment {
  return toMoment(asset, { ...s, highlighted: escapeHtml(s.text), score: 0, confidence: s.confidence }, 'none');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
