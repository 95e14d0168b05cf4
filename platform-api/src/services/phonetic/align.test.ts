import { describe, expect, it } from 'vitest';
import { findPhones, maxErrors, phoneClass, phoneTokens, substitution } from './align';

const P = (s: string) => s.split(' ');
const ALPHABET = P('AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH');

describe('phonetic alignment', () => {
  it('finds a name spelled as other words at the right phones', () => {
    // "Kowalski" (espeak: K AW AO L S K IY) inside what a recogniser heard: "the call ski said".
    const target = P('DH AH K AO L S K IY S EH D');
    const m = findPhones(P('K AW AO L S K IY'), target);
    expect(m).toEqual({ distance: 1, start: 2, end: 8 });
  });

  it('weights likely confusions below other substitutions, and refuses matches past the bound', () => {
    expect(substitution('S', 'Z')).toBe(0.5);
    expect(substitution('IY', 'IH')).toBe(0.5);
    expect(substitution('AE', 'UW')).toBe(0.6);
    expect(substitution('S', 'M')).toBe(1);
    expect(findPhones(P('M EY ER'), P('M EY ER Z'))).toMatchObject({ distance: 0, start: 0, end: 3 });
    expect(findPhones(P('W EH R HH AW S'), P('B R IH JH AH Z'))).toBeNull();
    expect(maxErrors(4)).toBe(0);
    expect(maxErrors(7)).toBe(3.4);
    expect(findPhones(P('K AW AO L S K IY'), P('T AA L L S K IY'))?.distance).toBe(2.6); // Kowalski, as decoded
    expect(findPhones(P('HH AA S P IH T AH L'), P('OW IY S AH L'))).toBeNull(); // "hospital" was not said
  });

  it('tokens use letters only, so the full-text index keeps them whole', () => {
    for (const p of ALPHABET) expect(phoneClass(p)).toMatch(/^[a-z]$/);
    expect(phoneTokens(P('K IH NG S'))).toEqual(['pbki', 'phkin', 'pbin', 'phins', 'pbns']);
  });
});
