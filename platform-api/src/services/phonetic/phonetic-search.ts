import type { AssetType, Segment } from '@cutaway/shared';
import type { Pronouncer } from '../../ports/pronouncer';
import type { IndexMoment, SearchIndex } from '../../ports/search-index';
import { escapeHtml } from '../moments';
import { findPhones, maxErrors, phoneTokens } from './align';
import { isPhoneticRow, normalizeWord } from './phonetic-index';

/** Under this many phones a query sounds like too much to be told apart ("fire" is three). */
const MIN_PHONES = 5;
/** How many of the assets sharing the most tokens are aligned: bounded for speed. */
const ALIGNED_ASSETS = 50;

export interface PhoneticHit {
  assetId: string;
  /** Best match first; `score` = 1 − distance / query phones, also given as the confidence. */
  moments: IndexMoment[];
  distance: number;
}

export interface PhoneticQuery {
  words: string[];
  limit: number;
  moments: number;
  types?: AssetType[];
  tags?: string[];
  from?: string;
  to?: string;
  /** Distance bound as a share of the query's phones (search-tuning.ts); default align.ts's. */
  bound?: number;
}

/**
 * "Sounds like": the query's phones (dictionary, or letter-to-sound for names) looked up by class
 * trigrams in the hidden phonetic rows, then aligned against each candidate window's phones with a
 * bounded weighted edit distance; the matched phones map back to the words' own times.
 */
export async function phoneticSearch(deps: { index: SearchIndex; pronouncer: Pronouncer }, q: PhoneticQuery): Promise<PhoneticHit[]> {
  const words = q.words.map(normalizeWord).filter(Boolean);
  if (words.length === 0) return [];
  const dict = await deps.pronouncer.pronounce(words);
  if (words.some((w) => !dict.has(w))) return [];
  const query = words.flatMap((w) => dict.get(w)!);
  if (query.length < MIN_PHONES) return [];
  const limit = maxErrors(query.length, q.bound);
  const filters = { ...(q.types ? { types: q.types } : {}), ...(q.tags ? { tags: q.tags } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  const tokens = [...new Set(phoneTokens(query))];
  // Rank candidates by how many of the query's tokens they share (a q-gram count filter), then align the best.
  // One index lookup per token, no ranking: searching each token ranked thousands of rows (0.5–2 s per query at 100 assets).
  const shared = await deps.index.tokenCounts(tokens, { kinds: ['speech'], ...filters });
  const assetIds = [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, ALIGNED_ASSETS).map(([id]) => id);

  const hits: PhoneticHit[] = [];
  for (const assetId of assetIds) {
    const all = await deps.index.listSegments(assetId, 'speech');
    let said: Array<{ w: string; startMs: number; endMs: number }> | null = null;
    const saidWords = () => (said ??= all.filter((s) => !isPhoneticRow(s)).flatMap((s) => s.words ?? []));
    const moments = all
      .filter(isPhoneticRow)
      .map((row) => matchRow(row, query, limit, saidWords))
      .filter((m): m is IndexMoment & { distance: number } => m !== null);
    if (moments.length === 0) continue;
    moments.sort((a, b) => a.distance - b.distance || a.startMs - b.startMs);
    const kept = dropOverlaps(moments).slice(0, Math.max(1, q.moments));
    hits.push({ assetId, moments: kept.map(({ distance: _d, ...m }) => m), distance: kept[0]!.distance });
  }
  return hits.sort((a, b) => a.distance - b.distance).slice(0, q.limit);
}

function matchRow(row: Segment, query: string[], limit: number, said: () => ReadonlyArray<{ w: string; startMs: number; endMs: number }>): (IndexMoment & { distance: number }) | null {
  const phones = row.words ?? [];
  const m = findPhones(query, phones.map((p) => p.w), limit);
  if (!m || m.end <= m.start) return null;
  const startMs = phones[m.start]!.startMs;
  const endMs = phones[m.end - 1]!.endMs;
  const score = Math.round((1 - m.distance / query.length) * 1000) / 1000;
  // What the transcript wrote at that time (often other words: that is why the sound matched), else the phones.
  const words = [...new Set(said().filter((w) => w.startMs < endMs && startMs < w.endMs).map((w) => `${w.w}@${w.startMs}`))].map((k) => k.slice(0, k.lastIndexOf('@')));
  const text = words.length ? words.join(' ') : phones.slice(m.start, m.end).map((p) => p.w).join(' ');
  return {
    kind: 'speech',
    startMs,
    endMs,
    text,
    highlighted: `<mark>${escapeHtml(text)}</mark>`,
    score,
    confidence: score,
    distance: m.distance,
  };
}

/** Overlapping windows find the same spoken words twice: keep the best of each overlap. */
function dropOverlaps<T extends { startMs: number; endMs: number }>(sorted: T[]): T[] {
  const kept: T[] = [];
  for (const m of sorted) if (!kept.some((k) => m.startMs < k.endMs && k.startMs < m.endMs)) kept.push(m);
  return kept;
}
