import { describe, expect, it } from 'vitest';
import { deletionKeys, editDistance, pickCorrection, spellingWords } from './spelling';

describe('spelling rules', () => {
  it('measures one edit of every kind, transpositions included', () => {
    expect(editDistance('nakamura', 'nakamra')).toBe(1); // deletion
    expect(editDistance('nakamura', 'nakamuura')).toBe(1); // insertion
    expect(editDistance('nakamura', 'nakemura')).toBe(1); // substitution
    expect(editDistance('nakamura', 'nakmaura')).toBe(1); // transposition
    expect(editDistance('nakamura', 'nkamuar')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('two words one edit apart always share a deletion key', () => {
    for (const [a, b] of [['kowalski', 'kowalsky'], ['kowalski', 'kowlaski'], ['kowalski', 'kowalskii'], ['quill', 'quil']]) {
      const ka = new Set(deletionKeys(a!));
      expect(deletionKeys(b!).some((k) => ka.has(k)), `${a} / ${b}`).toBe(true);
    }
  });

  it('corrects only unknown, long enough words to the most frequent neighbour', () => {
    const known = [{ word: 'kowalski', count: 2 }, { word: 'kowalska', count: 5 }, { word: 'fire', count: 9 }];
    expect(pickCorrection('kowlaski', known)).toBe('kowalski');
    expect(pickCorrection('kowalskx', known)).toBe('kowalska');
    expect(pickCorrection('kowalski', known)).toBeNull();
    expect(pickCorrection('fira', known)).toBeNull();
  });

  it('splits text into folded words', () => {
    expect(spellingWords('REPORTING MARTA QUILL — Dvořák’s 2 o\'clock B52s')).toEqual(['reporting', 'marta', 'quill', 'dvorak', 'b52s']);
  });
});
