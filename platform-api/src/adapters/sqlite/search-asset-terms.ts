import type { MomentKind } from '@cutaway/shared';
import { foldWord, porterStem, wordsOf } from '../../services/search-query';
import { KINDS } from './search-fts';

/** Columns of search_rank_fts: the asset's fields together, then one per kind. */
export const RANK_COLUMNS = ['fields', ...KINDS] as const;
/** Impact levels: rowid = level * 2^32 + seq, so `ORDER BY rowid DESC` walks assets best first. */
export const RANK_LEVELS = 1024;
export const RANK_SPAN = 2 ** 32;
/** The bm25 weights of search_asset_fts (title, description, tags, file_name); segment text counts 1. */
const FIELD_WEIGHTS = [10, 4, 6, 3];
/** Length normalisation needs an average asset length; a fixed reference keeps rows independent of each other. */
const REFERENCE_WORDS = 1000;

export interface AssetTerms {
  /** Per kind (KINDS order): the bag-of-words text for search_asset_fts. */
  bags: string[];
  /** search_rank_fts rows: impact level and the words per RANK_COLUMNS column. */
  rankRows: Array<{ level: number; columns: string[] }>;
}

export const rankRowid = (level: number, seq: number): number => level * RANK_SPAN + seq;
export const rankSeq = (rowid: number): number => rowid % RANK_SPAN;
/** The level as bm25's term-frequency part (0–2.2), the score two-stage hits report. */
export const rankScore = (rowid: number): number => (Math.floor(rowid / RANK_SPAN) / RANK_LEVELS) * 2.2;

interface Entry {
  form: string;
  weighted: number;
  kindCounts: number[];
  columns: Set<number>;
}

/**
 * The asset-level index rows of one asset, from its fields and its segment texts by kind.
 *
 * Bags (search_asset_fts): each stem written 1 + floor(log2(count)) times, as the form first
 * seen. Stage 1 ranks every matching asset with bm25, which reads the term's positions; with
 * whole transcripts a ~10% word has ~140 per asset. Log-scaled counts keep "mentioned often
 * ranks higher" (bm25 saturates counts anyway) and shrink the index; phrases are checked in stage 2.
 *
 * Rank rows (search_rank_fts): each stem once, in the row of its impact level, that is bm25's
 * term-frequency part over the weighted columns (idf is the same for every asset of a
 * one-term query, so it does not change the order). A one-term query then reads the first
 * rows in rowid order instead of scoring every matching asset: at 2M segments bm25 over
 * ~20k matching assets cost 20–50 ms, reading 21 rows costs well under 1 ms.
 */
export function assetTerms(fields: readonly string[], kindTexts: ReadonlyMap<MomentKind, readonly string[]>): AssetTerms {
  const entries = new Map<string, Entry>();
  let words = 0;
  const add = (text: string, weight: number, column: number, kind: number | null): void => {
    for (const word of wordsOf(text)) {
      words++;
      const stem = porterStem(foldWord(word));
      let e = entries.get(stem);
      if (!e) entries.set(stem, (e = { form: word, weighted: 0, kindCounts: KINDS.map(() => 0), columns: new Set() }));
      e.weighted += weight;
      e.columns.add(column);
      if (kind !== null) e.kindCounts[kind]!++;
    }
  };
  fields.forEach((text, i) => add(text, FIELD_WEIGHTS[i] ?? 1, 0, null));
  KINDS.forEach((kind, k) => kindTexts.get(kind)?.forEach((text) => add(text, 1, 1 + k, k)));

  const bags: string[][] = KINDS.map(() => []);
  const rows = new Map<number, string[][]>();
  const norm = 1.2 * (0.25 + (0.75 * words) / REFERENCE_WORDS);
  for (const e of entries.values()) {
    e.kindCounts.forEach((n, k) => {
      for (let i = n > 0 ? 1 + Math.floor(Math.log2(n)) : 0; i > 0; i--) bags[k]!.push(e.form);
    });
    const level = Math.min(RANK_LEVELS - 1, Math.floor(((e.weighted * 2.2) / (e.weighted + norm) / 2.2) * RANK_LEVELS));
    let row = rows.get(level);
    if (!row) rows.set(level, (row = RANK_COLUMNS.map(() => [])));
    for (const c of e.columns) row[c]!.push(e.form);
  }
  return {
    bags: bags.map((b) => b.join(' ')),
    rankRows: [...rows].map(([level, columns]) => ({ level, columns: columns.map((c) => c.join(' ')) })),
  };
}
