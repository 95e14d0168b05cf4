/**
 * espeak-ng's IPA (`--ipa`, voice en-us) to ARPAbet, longest symbol first. Stress and length marks are
 * dropped; the flap ɾ and glottal stop ʔ become T, as the CMU dictionary writes them.
 */
const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);

const TABLE: ReadonlyArray<[string, string[]]> = [
  ['aɪ', ['AY']], ['aʊ', ['AW']], ['eɪ', ['EY']], ['oʊ', ['OW']], ['ɔɪ', ['OY']], ['tʃ', ['CH']], ['dʒ', ['JH']],
  ['ɜː', ['ER']], ['ɑː', ['AA']], ['ɔː', ['AO']], ['iː', ['IY']], ['uː', ['UW']], ['ɪɹ', ['IH', 'R']], ['ɛɹ', ['EH', 'R']],
  ['ɚ', ['ER']], ['ɝ', ['ER']], ['ɜ', ['ER']], ['ɑ', ['AA']], ['ɒ', ['AA']], ['æ', ['AE']], ['ʌ', ['AH']], ['ə', ['AH']], ['ɐ', ['AH']],
  ['ɔ', ['AO']], ['ɛ', ['EH']], ['e', ['EH']], ['ɪ', ['IH']], ['ᵻ', ['IH']], ['i', ['IY']], ['ʊ', ['UH']], ['u', ['UW']], ['o', ['OW']], ['a', ['AA']],
  ['b', ['B']], ['d', ['D']], ['ð', ['DH']], ['f', ['F']], ['g', ['G']], ['ɡ', ['G']], ['h', ['HH']], ['j', ['Y']], ['k', ['K']], ['l', ['L']],
  ['m', ['M']], ['n', ['N']], ['ŋ', ['NG']], ['p', ['P']], ['ɹ', ['R']], ['r', ['R']], ['s', ['S']], ['ʃ', ['SH']], ['t', ['T']], ['θ', ['TH']],
  ['v', ['V']], ['w', ['W']], ['z', ['Z']], ['ʒ', ['ZH']], ['ɾ', ['T']], ['ʔ', ['T']], ['x', ['K']],
];

export function ipaToArpabet(ipa: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < ipa.length) {
    const hit = TABLE.find(([sym]) => ipa.startsWith(sym, i));
    if (hit) {
      // espeak doubles a consonant across syllables ("mjˈʊɹɹə"); one is what is heard.
      for (const p of hit[1]) if (out.at(-1) !== p || VOWELS.has(p)) out.push(p);
      i += hit[0].length;
    } else i++; // stress ˈˌ, length ː, syllable and tie marks
  }
  return out;
}
