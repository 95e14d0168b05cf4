import { describe, expect, it } from 'vitest';
import { allOf, bagVector, fieldsVector, rankVector, segmentQuery, segmentVector, stemCounts, termQuery } from '../../src/adapters/postgres/search-lexemes';
import { PREFIX_CAP, expandPrefix, type CommonLexemes } from '../../src/adapters/postgres/search-lexicon';
import { parseQuery, porterStem } from '../../src/rules/search-query';

// Pure: the tsvector / tsquery values PgSearchIndex binds; no database needed.
describe('PostgreSQL search lexemes', () => {
  it('indexes Porter stems of folded words with positions, plus the kind token', () => {
    expect(segmentVector('Floods hit Café Zoë', 'speech')).toBe("'flood':1 'hit':2 'cafe':3 'zoe':4 '#speech'");
    expect(segmentVector('the the THE', 'ocr')).toBe("'the':1,2,3 '#ocr'");
    expect(porterStem('floods')).toBe('flood');
  });

  it('keeps each field apart so a phrase cannot span two of them, weighted title A, tags B, the rest C', () => {
    const v = fieldsVector({ title: 'Storm', description: 'warning', tags: ['coast'], fileName: 'a.mxf' });
    expect(v).toBe("'storm':1A 'coast':3B 'warn':5C 'a':7C 'mxf':8C");
  });

  it('builds bags without positions and a rank vector of repeated stems with log-scaled counts', () => {
    const counts = stemCounts(['flood flood flood flood storm', 'floods river']);
    expect(bagVector(counts)).toBe("'flood' 'storm' 'river'");
    // 5 mentions -> 1 + floor(log2 5) = 3 positions; single mentions are not kept.
    expect(rankVector(counts)).toBe("'flood':1,2,3");
  });

  it('turns the query AST into tsquery syntax: AND, adjacent phrases, stemmed prefixes, kinds', () => {
    const ast = parseQuery('floods "storm warning" elec*');
    expect(allOf(ast.terms)).toBe("'flood' & ('storm' <-> 'warn') & 'elec':*");
    expect(segmentQuery(ast.terms.slice(0, 1), ['ocr', 'shot'])).toBe("('flood') & ('#ocr' | '#shot')");
    expect(termQuery(ast.terms[2]!, (p) => (p === 'elec' ? ['electr', 'elect'] : null))).toBe("('electr' | 'elect')");
  });

  it('never lets user text become tsquery syntax', () => {
    for (const q of ["o'brien", 'a\\b', 'x:*', '!x | y', "it's"]) {
      for (const t of parseQuery(q).terms) expect(termQuery(t)).toMatch(/^\(?'[\p{L}\p{N}]*'(( <-> '[\p{L}\p{N}]*')*\))?(:\*)?$/u);
    }
  });

  it('expands only broad prefixes, to their most frequent common words, capped', () => {
    const words = Array.from({ length: PREFIX_CAP + 4 }, (_, i) => `con${String.fromCharCode(97 + i)}`);
    const common: CommonLexemes = {
      sorted: [...words, 'elect', 'electr', 'river'].sort(),
      freq: new Map([...words.map((w, i): [string, number] => [w, 0.001 * (i + 1)]), ['elect', 0.01], ['electr', 0.02], ['river', 0.0001]]),
      rows: 100_000,
    };
    expect(expandPrefix(common, 'elec', 2000)).toEqual(['electr', 'elect']); // 3,000 hits: broad
    expect(expandPrefix(common, 'elec', 5000)).toBeNull(); // not broad enough: stays elec:*
    expect(expandPrefix(common, 'riv', 2000)).toBeNull(); // 10 hits
    expect(expandPrefix(common, 'zz', 0)).toBeNull();
    const con = expandPrefix(common, 'con', 1e9); // more common words than the cap: broad
    expect(con).toHaveLength(PREFIX_CAP);
    expect(con?.[0]).toBe(words.at(-1));
  });
});
