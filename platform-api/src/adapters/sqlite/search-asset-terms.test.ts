import { describe, expect, it } from 'vitest';
import type { MomentKind } from '@cutaway/shared';
import { RANK_COLUMNS, assetTerms, rankRowid, rankScore, rankSeq } from './search-asset-terms';

const kinds = (entries: Array<[MomentKind, string[]]>) => new Map(entries);
const levelOf = (terms: ReturnType<typeof assetTerms>, word: string, column = 'speech') =>
  terms.rankRows.find((r) => r.columns[RANK_COLUMNS.indexOf(column as (typeof RANK_COLUMNS)[number])]!.split(' ').includes(word))?.level;

describe('assetTerms', () => {
  it('writes each stem 1 + floor(log2(count)) times per kind, as the form first seen in the asset', () => {
    const t = assetTerms(['', '', '', ''], kinds([['speech', ['Floods flood flooding', 'flood storm']], ['ocr', ['STORM']]]));
    expect(t.bags[0]!.split(' ').sort()).toEqual(['Floods', 'Floods', 'Floods', 'storm']);
    expect(t.bags[1]).toBe('storm');
    expect(t.bags.slice(2)).toEqual(['', '', '']);
  });

  it('puts each stem in exactly one rank row, in every column it occurs in', () => {
    const t = assetTerms(['Storm news', '', '', ''], kinds([['speech', ['storm warning']], ['shot', ['storm clouds']]]));
    const rows = t.rankRows.filter((r) => r.columns.some((c) => c.split(' ').includes('Storm') || c.split(' ').includes('storm')));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.columns).toEqual([expect.stringContaining('Storm'), expect.stringContaining('Storm'), '', expect.stringContaining('Storm'), '', '']);
  });

  it('orders levels like bm25: a title word above repeated mentions above a single mention', () => {
    const t = assetTerms(['Harbour', '', '', ''], kinds([['speech', ['gale gale gale', 'fog', ...Array(20).fill('filler text here')]]]));
    expect(levelOf(t, 'Harbour', 'fields')).toBeGreaterThan(levelOf(t, 'gale')!);
    expect(levelOf(t, 'gale')).toBeGreaterThan(levelOf(t, 'fog')!);
  });

  it('packs level and seq into one rowid', () => {
    const rowid = rankRowid(700, 123_456);
    expect(rankSeq(rowid)).toBe(123_456);
    expect(rankScore(rowid)).toBeCloseTo((700 / 1024) * 2.2);
    expect(rankRowid(701, 0)).toBeGreaterThan(rankRowid(700, 2 ** 32 - 1));
  });
});
