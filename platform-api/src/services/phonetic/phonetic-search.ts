import type { AssetType } from '@cutaway/shared';
import type { Pronouncer } from '../../ports/pronouncer';
import type { IndexMoment, SearchIndex } from '../../ports/search-index';
import { escapeHtml } from '../moments';
import { findPhoneIds, maxErrors, phoneOf, PhoneQuery, phoneTokens, type PhoneMatch } from './align';
import { normalizeWord } from './phonetic-index';
import { PhoneStore, type PhoneRows, type SaidWords } from './phone-store';

/** Under this many phones a query sounds like too much to be told apart ("fire" is three). */
const MIN_PHONES = 5;
/** How many of the assets sharing the most tokens are aligned by default: bounded for speed (search-tuning.ts). */
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
  /** Assets aligned: those sharing the most phone tokens with the query (search-tuning.ts). */
  candidates?: number;
}

/**
 * "Sounds like": the query's phones (dictionary, or letter-to-sound for names) looked up by class
 * trigrams in the hidden phonetic rows, then aligned against each candidate window's phones with a
 * bounded weighted edit distance; the matched phones map back to the words' own times.
 */
export async function phoneticSearch(deps: { index: SearchIndex; pronouncer: Pronouncer; phones?: PhoneStore }, q: PhoneticQuery): Promise<PhoneticHit[]> {
  const words = q.words.map(normalizeWord).filter(Boolean);
  if (words.length === 0) return [];
  const dict = await deps.pronouncer.pronounce(words);
  if (words.some((w) => !dict.has(w))) return [];
  const phones = words.flatMap((w) => dict.get(w)!);
  if (phones.length < MIN_PHONES) return [];
  const limit = maxErrors(phones.length, q.bound);
  const filters = { ...(q.types ? { types: q.types } : {}), ...(q.tags ? { tags: q.tags } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  const tokens = [...new Set(phoneTokens(phones))];
  // Rank candidates by how many of the query's tokens they share (a q-gram count filter), then align the best.
  // One index lookup per token, no ranking: searching each token ranked thousands of rows (0.5–2 s per query at 100 assets).
  const shared = await deps.index.tokenCounts(tokens, { kinds: ['speech'], ...filters });
  const assetIds = [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, q.candidates ?? ALIGNED_ASSETS).map(([id]) => id);
  const store = deps.phones ?? new PhoneStore(deps.index);
  const rowsOf = await store.rowsOf(assetIds);
  // Made after the rows are decoded, so every phone id they hold has its cost row.
  const query = new PhoneQuery(phones);

  const found: Array<{ assetId: string; rows: PhoneRows; moments: Located[]; distance: number }> = [];
  for (const assetId of assetIds) {
    const rows = rowsOf.get(assetId)!;
    const located: Located[] = [];
    for (let row = 0; row < rows.count; row++) {
      const from = rows.offsets[row]!;
      const m = findPhoneIds(query, rows.phones, from, rows.offsets[row + 1]!, limit);
      if (m && m.end > m.start) located.push({ from, m, startMs: rows.startMs[from + m.start]!, endMs: rows.endMs[from + m.end - 1]!, distance: m.distance });
    }
    if (located.length === 0) continue;
    located.sort((a, b) => a.distance - b.distance || a.startMs - b.startMs);
    const kept = dropOverlaps(located).slice(0, Math.max(1, q.moments));
    found.push({ assetId, rows, moments: kept, distance: kept[0]!.distance });
  }
  const best = found.sort((a, b) => a.distance - b.distance).slice(0, q.limit);
  // Text only for what is returned: the words said are every speech window of the asset, parsed.
  const hits: PhoneticHit[] = [];
  for (const { assetId, rows, moments, distance } of best) {
    const said = await store.saidOf(assetId);
    hits.push({ assetId, moments: moments.map((l) => toMoment(rows, l, query.length, said)), distance });
  }
  return hits;
}

/** A match inside one phonetic row: `from` is the row's first phone in the asset's arrays. */
interface Located {
  from: number;
  m: PhoneMatch;
  startMs: number;
  endMs: number;
  distance: number;
}

function toMoment(rows: PhoneRows, { from, m, startMs, endMs }: Located, queryPhones: number, said: SaidWords): IndexMoment {
  const score = Math.round((1 - m.distance / queryPhones) * 1000) / 1000;
  // What the transcript wrote at that time (often other words: that is why the sound matched), else the phones.
  // Overlapping windows repeat a word: each word said at one time once, in the order first seen.
  const seen = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < said.words.length; i++) {
    if (!(said.startMs[i]! < endMs && startMs < said.endMs[i]!)) continue;
    const key = `${said.words[i]}@${said.startMs[i]}`;
    if (!seen.has(key)) {
      seen.add(key);
      words.push(said.words[i]!);
    }
  }
  const text = words.length ? words.join(' ') : Array.from(rows.phones.subarray(from + m.start, from + m.end), phoneOf).join(' ');
  return { kind: 'speech', startMs, endMs, text, highlighted: `<mark>${escapeHtml(text)}</mark>`, score, confidence: score };
}

/** Overlapping windows find the same spoken words twice: keep the best of each overlap. */
function dropOverlaps<T extends { startMs: number; endMs: number }>(sorted: T[]): T[] {
  const kept: T[] = [];
  for (const m of sorted) if (!kept.some((k) => m.startMs < k.endMs && k.startMs < m.endMs)) kept.push(m);
  return kept;
}
