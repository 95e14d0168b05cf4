import { describe, expect, it } from 'vitest';
import { mergeReadings, normaliseLine, sameText, type Sample } from './merge';
import { parseTsv } from './tsv';

const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const page = (n: number) => `1\t${n}\t0\t0\t0\t0\t0\t0\t640\t158\t-1\t`;
const word = (n: number, left: number, top: number, w: number, conf: number, text: string) => `5\t${n}\t1\t1\t1\t1\t${left}\t${top}\t${w}\t22\t${conf}\t${text}`;

describe('parseTsv', () => {
  it('rebuilds lines from word boxes across psm 11 blocks, keeps pages in order, drops low-confidence and non-text words', () => {
    const tsv = [HEADER, page(1), page(2),
      word(2, 40, 110, 80, 96, 'MAYOR'), word(2, 130, 111, 60, 95, 'JANE'), word(2, 198, 110, 50, 97, 'DOE'),
      word(2, 560, 112, 20, 30, 'ay'), word(2, 250, 110, 12, 80, '®'), word(2, 20, 10, 90, 90, 'LIVE')].join('\n');
    const pages = parseTsv(tsv);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual([]);
    expect(pages[1]!.map((l) => l.text)).toEqual(['LIVE', 'MAYOR JANE DOE']);
    expect(pages[1]![1]!.conf).toBeCloseTo(0.96, 2);
    expect(pages[1]![0]!.y).toBeLessThan(0.2);
    expect(pages[1]![1]!.y).toBeGreaterThan(0.7);
  });

  it('keeps two captions on one row apart when the gap is wider than twice the text height', () => {
    const tsv = [HEADER, page(1), word(1, 10, 110, 60, 90, 'NEWS'), word(1, 500, 110, 60, 90, '10:45')].join('\n');
    expect(parseTsv(tsv)[0]!.map((l) => l.text)).toEqual(['NEWS', '10:45']);
  });
});

describe('normaliseLine and sameText', () => {
  it('trims and collapses, strips edge junk, drops lines with < 3 letters/digits or mostly symbols', () => {
    expect(normaliseLine('  |STORM   WARNING] ')).toBe('STORM WARNING');
    expect(normaliseLine('a 7')).toBeNull();
    expect(normaliseLine('%% ab &^ ## c')).toBeNull();
    expect(normaliseLine('10:45')).toBe('10:45');
  });

  it('treats up to 2 edits (or 20 %) as the same caption, case-insensitively', () => {
    expect(sameText('MAYOR JANE DOE', 'MAYOR JANE D0E')).toBe(true);
    expect(sameText('STORM WARNING', 'Storm Warnings')).toBe(true);
    expect(sameText('STORM WARNING', 'FERRIES CANCELLED')).toBe(false);
  });
});

describe('mergeReadings', () => {
  const at = (ms: number, ...texts: string[]): Sample => ({ ms, lines: texts.map((text) => ({ text, conf: 0.9 })) });

  it('merges consecutive readings, takes the most frequent text, and snaps the interval to the change events', () => {
    const samples = [at(0), at(1000), at(1200, 'STORM WARNING'), at(2000, 'STORM WARNING'), at(3000, 'STORM WARNlNG'), at(4000, 'STORM WARNING'), at(5000)];
    expect(mergeReadings(samples, [1120, 4480], 6000, 'lower')).toEqual([{ text: 'STORM WARNING', startMs: 1120, endMs: 4480, confidence: 0.9, region: 'lower' }]);
  });

  it('without events, spans first capture to the next capture without the text; bridges one missed capture, not two', () => {
    const samples = [at(0, 'ALPHA NEWS'), at(1000), at(2000, 'ALPHA NEWS'), at(3000), at(4000), at(5000, 'ALPHA NEWS')];
    expect(mergeReadings(samples, [], 6000, 'upper').map((l) => [l.startMs, l.endMs])).toEqual([[0, 3000], [5000, 6000]]);
  });

  it('folds a reading that lost a word into the full caption', () => {
    const lines = mergeReadings([at(2000, 'STORM WARNING'), at(2200, 'WARNING'), at(3000, 'STORM WARNING'), at(4000)], [], 5000, 'lower');
    expect(lines.map((l) => [l.text, l.startMs, l.endMs])).toEqual([['STORM WARNING', 2000, 4000]]);
  });

  it('drops a line read on one capture only unless tesseract was sure of it', () => {
    const once = (conf: number): Sample[] => [at(0), { ms: 1000, lines: [{ text: 'Mor', conf }] }, at(2000), at(3000)];
    expect(mergeReadings(once(0.61), [], 4000, 'lower')).toEqual([]);
    expect(mergeReadings(once(0.93), [], 4000, 'lower').map((l) => [l.text, l.startMs, l.endMs])).toEqual([['Mor', 1000, 2000]]);
  });

  it('keeps two different captions in the same capture apart', () => {
    const lines = mergeReadings([at(0, 'LIVE', 'MAYOR JANE DOE'), at(1000, 'LIVE', 'MAYOR JANE DOE')], [], 2000, 'lower');
    expect(lines.map((l) => l.text)).toEqual(['LIVE', 'MAYOR JANE DOE']);
  });
});
