import { describe, expect, it } from 'vitest';
import type { MomentKind } from '@cutaway/shared';
import { RANK_COLUMNS, rankRowid, rankRows, rankScore, rankSeq, type RankRow } from './search-asset-terms';

const kinds = (entries: Array<[MomentKind, string[]]>) => new Map(entries);
const has = (row: RankRow, column: (typeof RANK_COLUMNS)[number], word: string) => row.columns[RANK_COLUMNS.indexOf(column)]!.split(' ').includes(word);
const levelOf = (rows: RankRow[], word: string, column: (typeof RANK_COLUMNS)[number] = 'speech') => rows.find((r) => has(r, column, word))?.level;

describe('rankRows', () => {
  it('puts each stem in exactly one row, in every column it occurs in, as the form first seen', () => {
    const rows = rankRows(['Storm news', '', '', ''], kinds([['speech', ['storms warning']], ['shot', ['STORM clouds']]]));
    const storm = rows.filter((r) => r.columns.some((c) => /storm/i.test(c)));
    expect(storm).toHaveLength(1);
    expect(storm[0]!.columns).toEqual([expect.stringContaining('Storm'), expect.stringContaining('Storm'), '', expect.stringContaining('Storm'), '', '']);
    expect(storm[0]!.columns.join(' ')).not.toMatch(/storms|STORM/);
  });

  it('orders levels like bm25: a title word above repeated mentions above a single mention', () => {
    const rows = rankRows(['Harbour', '', '', ''], kinds([['speech', ['gale gale gale', 'fog', ...Array<string>(20).fill('filler text here')]]]));
    expect(levelOf(rows, 'Harbour', 'fields')).toBeGreaterThan(levelOf(rows, 'gale')!);
    expect(levelOf(rows, 'gale')).toBeGreaterThan(levelOf(rows, 'fog')!);
  });

  it('ranks a mention in a short asset above one in a long asset', () => {
    const short = rankRows(['', '', '', ''], kinds([['ocr', ['fog bank']]]));
    const long = rankRows(['', '', '', ''], kinds([['ocr', ['fog bank', ...Array<string>(500).fill('other words')]]]));
    expect(levelOf(short, 'fog', 'ocr')).toBeGreaterThan(levelOf(long, 'fog', 'ocr')!);
  });

  it('packs level and seq into one rowid, levels first', () => {
    const rowid = rankRowid(700, 123_456);
    expect(rankSeq(rowid)).toBe(123_456);
    expect(rankScore(rowid)).toBeCloseTo((700 / 1024) * 2.2);
    expect(rankRowid(701, 0)).toBeGreaterThan(rankRowid(700, 2 ** 32 - 1));
  });
});
