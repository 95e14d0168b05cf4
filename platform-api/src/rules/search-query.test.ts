import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared/errors';
import { QUERY_LIMITS, escapeHtml, foldWord, highlight, matchesAny, parseQuery, porterStem, scoreText, scoreTexts, termCounts, wordsOf, type QueryTerm } from './search-query';

const word = (text: string): QueryTerm => ({ kind: 'word', text, words: [text] });
const prefix = (text: string): QueryTerm => ({ kind: 'prefix', text, words: [text] });
const phrase = (...words: string[]): QueryTerm => ({ kind: 'phrase', text: words.join(' '), words });
const terms = (q: string) => parseQuery(q).terms;
const invalid = (q: string) => {
  try {
    parseQuery(q);
    return false;
  } catch (err) {
    return isAppError(err, 'search.query_invalid');
  }
};

describe('parseQuery', () => {
  it('ANDs lowercased words, drops duplicates', () => {
    expect(terms('Flood  WARNING flood')).toEqual([word('flood'), word('warning')]);
  });

  it('reads "double-quoted" phrases; a one-word phrase is a word', () => {
    expect(terms('"Storm warning" coast "york"')).toEqual([phrase('storm', 'warning'), word('coast'), word('york')]);
  });

  it('treats an unmatched quote as plain text', () => {
    expect(terms('"storm warning')).toEqual([word('storm'), word('warning')]);
    expect(terms('a "b c" "d e')).toEqual([word('a'), phrase('b', 'c'), word('d'), word('e')]);
  });

  it('makes a trailing * a prefix with at least two characters before it', () => {
    expect(terms('elec* el* e*')).toEqual([prefix('elec'), prefix('el'), word('e')]);
    expect(terms('elec**')).toEqual([prefix('elec')]);
    expect(terms('"elec*"')).toEqual([word('elec')]);
  });

  it('keeps words joined by hyphens, apostrophes, dots or underscores together as a phrase', () => {
    expect(terms("e-mail o'brien york_flood.mxf")).toEqual([phrase('e', 'mail'), phrase('o', 'brien'), phrase('york', 'flood', 'mxf')]);
  });

  it('turns FTS operators and punctuation into plain text', () => {
    expect(terms('NEAR(flood storm, 5)')).toEqual([word('near'), word('flood'), word('storm'), word('5')]);
    expect(terms('-flood title:york ^a + b OR c AND NOT d')).toEqual(
      ['flood', 'title', 'york', 'a', 'b', 'or', 'c', 'and', 'not', 'd'].map(word),
    );
    expect(terms('{title} : (x)')).toEqual([word('title'), word('x')]);
  });

  it('tokenises unicode letters and digits, keeping diacritics and marks on their letters', () => {
    expect(terms('Café Zürich 東京 Ελλάδα 2024')).toEqual(['café', 'zürich', '東京', 'ελλάδα', '2024'].map(word));
    expect(terms('🌊 flood ✓')).toEqual([word('flood')]);
    expect(terms('Cafe\u0301')).toEqual([word('café')]);
  });

  it('caps length: characters, terms, phrase words and word length', () => {
    expect(terms('a'.repeat(1000))[0]?.text).toHaveLength(QUERY_LIMITS.wordChars);
    expect(terms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(QUERY_LIMITS.terms);
    expect(terms(`"${'a b c d e f g h i j k l'}"`)[0]?.words).toHaveLength(QUERY_LIMITS.phraseWords);
    expect(terms(`${'x '.repeat(400)}tail`)).toEqual([word('x')]);
  });

  it('rejects queries with nothing searchable', () => {
    for (const q of ['', '   ', '"', '""', '*', '-', ':', '(', '"" * - : ( )', '🌊', '\u0000']) expect(invalid(q), JSON.stringify(q)).toBe(true);
    expect(terms('NEAR(')).toEqual([word('near')]);
  });
});

describe('highlight', () => {
  const ast = (q: string) => parseQuery(q);

  it('HTML-escapes and marks whole words case-insensitively', () => {
    expect(highlight('Flood <b>warning</b> & floodplain', ast('flood'))).toBe('<mark>Flood</mark> &lt;b&gt;warning&lt;/b&gt; &amp; floodplain');
    expect(highlight(`it's "x"`, ast('x'))).toBe('it&#39;s &quot;<mark>x</mark>&quot;');
  });

  it('marks stemmed forms and folded diacritics', () => {
    expect(highlight('Floods and flooding, flooded roads', ast('flood'))).toBe('<mark>Floods</mark> and <mark>flooding</mark>, <mark>flooded</mark> roads');
    expect(highlight('The café in Zürich', ast('cafe zurich'))).toBe('The <mark>café</mark> in <mark>Zürich</mark>');
  });

  it('marks prefixes at word starts only', () => {
    expect(highlight('Electric, electoral; selection', ast('elec*'))).toBe('<mark>Electric</mark>, <mark>electoral</mark>; selection');
  });

  it('marks phrases only where the words are adjacent', () => {
    expect(highlight('storm warning; warning of a storm', ast('"storm warning"'))).toBe('<mark>storm</mark> <mark>warning</mark>; warning of a storm');
  });

  it('leaves text without matches escaped only', () => {
    expect(highlight('<nothing>', ast('flood'))).toBe('&lt;nothing&gt;');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('matchesAny, scoreText, wordsOf', () => {
  it('tells whether a text holds any term, with the same matching as highlight', () => {
    expect(matchesAny('Floods in York', parseQuery('flood zebra'))).toBe(true);
    expect(matchesAny('Dry weather', parseQuery('flood'))).toBe(false);
  });

  it('scores more mentions and shorter texts higher', () => {
    const ast = parseQuery('flood');
    const once = scoreText('flood warning for the river valley today', ast, 7);
    expect(scoreText('flood flood warning for the river valley', ast, 7)).toBeGreaterThan(once);
    expect(scoreText('flood warning', ast, 7)).toBeGreaterThan(once);
    expect(scoreText('no match here', ast, 7)).toBe(0);
    const texts = ['flood warning for the river valley today', 'flood flood warning for the river valley', 'flood warning'];
    expect(scoreTexts(texts, ast)).toEqual(texts.map((t) => scoreText(t, ast, 16 / 3)));
  });

  it('counts each term, phrases only where adjacent', () => {
    expect(termCounts('storm warning, warning of a storm; storms', parseQuery('"storm warning" storm warn*'))).toEqual([1, 3, 2]);
  });

  it('splits words like the query side', () => {
    expect(wordsOf("R&D: l'été, 2024!")).toEqual(['R', 'D', 'l', 'été', '2024']);
  });
});

describe('porterStem (SQLite fts5 porter)', () => {
  it('stems like the FTS5 tokenizer', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', cats: 'cat', agreed: 'agre', plastered: 'plaster', motoring: 'motor', hopping: 'hop', filing: 'file',
      happy: 'happi', relational: 'relat', electricity: 'electr', warning: 'warn', floods: 'flood', generalizations: 'gener', controll: 'control', is: 'is',
    };
    for (const [w, stem] of Object.entries(cases)) expect(porterStem(w), w).toBe(stem);
  });

  it('leaves short, long and non-ASCII words alone', () => {
    expect(porterStem('as')).toBe('as');
    expect(porterStem('straße')).toBe('straße');
    expect(porterStem('a'.repeat(65))).toBe('a'.repeat(65));
    expect(foldWord('ÉCOLE')).toBe('ecole');
  });
});
