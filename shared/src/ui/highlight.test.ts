import { describe, expect, it } from 'vitest';
import { highlightParts } from './highlight';

describe('highlightParts', () => {
  it('splits marks and unescapes entities without producing HTML', () => {
    expect(highlightParts('the <mark>storm</mark> &amp; <mark>&lt;b&gt;</mark> tide')).toEqual([
      { text: 'the ', mark: false },
      { text: 'storm', mark: true },
      { text: ' & ', mark: false },
      { text: '<b>', mark: true },
      { text: ' tide', mark: false },
    ]);
  });
  it('passes plain text through', () => {
    expect(highlightParts('no match')).toEqual([{ text: 'no match', mark: false }]);
  });
});
