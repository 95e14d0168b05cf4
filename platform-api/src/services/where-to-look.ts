import type { Asset, Moment } from '@cutaway/shared';
import type { SearchIndex } from '../ports/search-index';
import type { VectorIndex } from '../ports/vector-index';
import { escapeHtml, toMoment } from './moments';
import { isPhoneticRow } from './phonetic/phonetic-index';

/** Where the poster frame is taken, as a share of the duration (the ffmpeg adapter's POSTER_AT, video-graph.ts). */
const POSTER_AT = 0.1;

/**
 * A hit through the title, tags or description still shows where to look (issue 14 "Answers people
 * expect"): the asset's segment closest to the query by meaning when embeddings exist, else the poster
 * frame. `matchedBy: "none"`: the moment itself did not match, it only points into the asset.
 */
export async function whereToLook(
  deps: { index: SearchIndex; vectors?: VectorIndex | undefined },
  asset: Asset,
  vector: Float32Array | null,
): Promise<Moment | null> {
  if (vector && deps.vectors) {
    const [near] = await deps.vectors.search(vector, { k: 1, assetIds: [asset.id] });
    if (near) {
      const seg = (await deps.index.listSegments(asset.id, near.kind)).find((s) => !isPhoneticRow(s) && s.startMs === near.startMs && s.endMs === near.endMs);
      if (seg) return toMoment(asset, { kind: seg.kind, startMs: seg.startMs, endMs: seg.endMs, text: seg.text, highlighted: escapeHtml(seg.text), score: near.score, confidence: seg.confidence }, 'none');
    }
  }
  const durationMs = asset.technical?.durationMs;
  if (!durationMs || !asset.renditions.some((r) => r.kind === 'poster')) return null;
  const atMs = Math.floor(durationMs * POSTER_AT);
  return toMoment(asset, { kind: 'shot', startMs: atMs, endMs: atMs + 1, text: '', highlighted: '', score: 0, confidence: null }, 'none');
}
