import { isPhoneticRow, PHONETIC_SOURCE } from './phonetic/phonetic-index';
import type { SearchQuery } from '@cutaway/shared';
import type { TextEmbedder } from '../ports/ai';
import type { IndexMoment, SearchIndex } from '../ports/search-index';
import type { VectorIndex } from '../ports/vector-index';
import { escapeHtml } from '../rules/search-query';

export interface SemanticHit {
  assetId: string;
  moments: IndexMoment[];
}

/**
 * Sentence encoders read ALL-CAPS lower thirds as rare tokens: measured with USE, "WAREHOUSE FIRE
 * NEAR THE DOCKS" scored 0.39 against "blaze at a storage building", lower-cased 0.53. Segments and
 * queries go through the same normalisation.
 */
export function normalizeForEmbedding(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export async function embedQuery(embedder: TextEmbedder, q: string): Promise<Float32Array | null> {
  const [vector] = await embedder.embed([normalizeForEmbedding(q)]);
  return vector ?? null;
}

/** Nearest segments by meaning; below `minScore` cosine a neighbour is noise, not a match. */
export async function semanticHits(
  deps: { embedder: TextEmbedder; vectors: VectorIndex; index: SearchIndex; minScore: number },
  q: SearchQuery,
  vector: Float32Array | null = null,
): Promise<SemanticHit[]> {
  vector ??= await embedQuery(deps.embedder, q.q);
  if (!vector) return [];
  const near = await deps.vectors.search(vector, { k: 50, ...(q.kind ? { kinds: q.kind } : {}) });
  const byAsset = new Map<string, IndexMoment[]>();
  for (const n of near) {
    if (n.score < deps.minScore) continue;
    const list = byAsset.get(n.assetId) ?? byAsset.set(n.assetId, []).get(n.assetId)!;
    if (list.length < Math.max(1, q.moments)) list.push({ kind: n.kind, startMs: n.startMs, endMs: n.endMs, text: '', highlighted: '', score: n.score, confidence: null });
  }
  // Vectors keep no text: read it back from the segments they were made from.
  const hits: SemanticHit[] = [];
  for (const [assetId, moments] of byAsset) {
    const segments = (await deps.index.listSegments(assetId, undefined, { exceptSource: PHONETIC_SOURCE })).filter((s) => !isPhoneticRow(s));
    for (const m of moments) {
      const s = segments.find((x) => x.kind === m.kind && x.startMs === m.startMs && x.endMs === m.endMs);
      m.text = s?.text ?? '';
      m.highlighted = escapeHtml(m.text);
      m.confidence = s?.confidence ?? null;
    }
    hits.push({ assetId, moments });
  }
  return hits;
}
