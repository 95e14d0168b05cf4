import type { MomentKind } from '@cutaway/shared';
import { foldWord, porterStem, wordsOf } from '../../rules/search-query';
import { KINDS } from '../../rules/search-terms';
import { FIELD_WEIGHTS } from './search-fts';

/** Columns of search_rank_fts: the asset's fields together, then one per kind. */
export const RANK_COLUMNS = ['fields', ...KINDS] as const;
/** Impact levels: rowid = level * 2^32 + seq, so `ORDER BY rowid DESC` walks assets best first. */
export const RANK_LEVELS = 1024;
export const RANK_SPAN = 2 ** 32;
/** Length normalisation needs an average asset length; a fixed reference keeps rows independent of each other. */
const REFERENCE_WORDS = 1000;

/** A search_rank_fts row: impact level and the words per RANK_COLUMNS column. */
export interface RankRow {
  level: number;
  columns: string[];
}

export const rankRowid = (level: number, seq: number): number => level * RANK_SPAN + seq;
export const rankSeq = (rowid: number): number => rowid % RANK_SPAN;
/** The level as bm25's term-frequency part (0–2.2), the score two-stage hits report. */
export const rankScore = (rowid: number): number => (Math.floor(rowid / RANK_SPAN) / RANK_LEVELS) * 2.2;

interface Entry {
  form: string;
  weighted: number;
  columns: Set<number>;
}

/**
 * The asset-level rows of one asset (search_rank_fts), from its fields and segment texts by kind.
 *
 * Each stem goes once into the row of its impact level: bm25's term-frequency part over the
 * weighted columns (fields weighted as in search_field_fts, segment text 1), with length
 * normalised against a fixed reference. For a one-term query idf is the same for every asset,
 * so this is the bm25 order, in 1,024 steps. Stage 1 then reads the first rows in descending
 * rowid instead of scoring every matching asset: at 2M segments bm25 over the ~12k–20k assets
 * holding a common or ~10% word cost 13–50 ms (measured), reading ~21 rows well under 1 ms.
 * The stem is written into each column it occurs in, so a kind filter stays a column filter.
 */
export function rankRows(fields: readonly string[], kindTexts: ReadonlyMap<MomentKind, readonly string[]>): RankRow[] {
  const entries = new Map<string, Entry>();
  let words = 0;
  const add = (text: string, weight: number, column: number): void => {
    for (const word of wordsOf(text)) {
      words++;
      const stem = porterStem(foldWord(word));
      let e = entries.get(stem);
      if (!e) entries.set(stem, (e = { form: word, weighted: 0, columns: new Set() }));
      e.weighted += weight;
      e.columns.add(column);
    }
  };
  fields.forEach((text, i) => add(text, FIELD_WEIGHTS[i] ?? 1, 0));
  KINDS.forEach((kind, k) => kindTexts.get(kind)?.forEach((text) => add(text, 1, 1 + k)));

  const rows = new Map<number, string[][]>();
  const norm = 1.2 * (0.25 + (0.75 * words) / REFERENCE_WORDS);
  for (const e of entries.values()) {
    const level = Math.min(RANK_LEVELS - 1, Math.floor((e.weighted / (e.weighted + norm)) * RANK_LEVELS));
    let row = rows.get(level);
    if (!row) rows.set(level, (row = RANK_COLUMNS.map(() => [])));
    for (const c of e.columns) row[c]!.push(e.form);
  }
  return [...rows].map(([level, columns]) => ({ level, columns: columns.map((c) => c.join(' ')) }));
}
