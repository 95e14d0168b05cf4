import { describe, expect, it } from 'vitest';
import { ipaToArpabet } from './ipa';

describe('espeak-ng IPA to ARPAbet', () => {
  it.each([
    ['kaʊˈɔlski', 'K AW AO L S K IY'],
    ['dʒˈænsən', 'JH AE N S AH N'],
    ['mˈeɪɚ', 'M EY ER'],
    ['wˈɛɹhaʊs', 'W EH R HH AW S'],
    ['kˈɪŋstən', 'K IH NG S T AH N'],
    ['nˌækɐmjˈʊɹɹə', 'N AE K AH M Y UH R AH'],
    ['θˈɔːt', 'TH AO T'],
    ['tʃˈɜːtʃ', 'CH ER CH'],
  ])('%s → %s', (ipa, arpa) => {
    expect(ipaToArpabet(ipa).join(' ')).toBe(arpa);
  });
});
