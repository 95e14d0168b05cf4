import { AppError } from '@cutaway/shared';

/**
 * The user's search query as an engine-neutral AST, plus the highlighter for results.
 * Pure: SQLite and PostgreSQL adapters both turn this AST into their own syntax, so
 * no user character ever reaches an FTS parser unquoted (`NEAR(`, `"`, `-`, `:`, `*`).
 */
export interface QueryTerm {
  kind: 'word' | 'phrase' | 'prefix';
  /** Lowercased words joined by one space. */
  text: string;
  words: string[];
}
export interface QueryAst {
  /** ANDed: a hit must contain every term. */
  terms: QueryTerm[];
}

export const QUERY_LIMITS = { chars: 512, terms: 12, phraseWords: 8, wordChars: 64, prefixMin: 2 } as const;

/** Letters, digits and private-use runs, marks kept on their base: close to FTS5 unicode61's "L* N* Co". */
const TOKEN = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{M}\p{Co}]*/gu;
/** Inside one chunk these join tokens into a phrase, as the text side tokenizes them ("e-mail", "o'brien", "york_flood.mxf"). */
const CHUNK_SPLIT = /[^\p{L}\p{N}\p{M}\p{Co}\-'’._/@&*]+/u;

const tokens = (s: string): string[] => [...s.matchAll(TOKEN)].map((m) => m[0].slice(0, QUERY_LIMITS.wordChars));

/** Parses `q`; throws `search.query_invalid` when nothing searchable is left. */
export function parseQuery(q: string): QueryAst {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (kind: QueryTerm['kind'], words: string[]): void => {
    const w = words.slice(0, QUERY_LIMITS.phraseWords);
    const term: QueryTerm = { kind: w.length > 1 ? 'phrase' : kind === 'prefix' ? 'prefix' : 'word', text: w.join(' '), words: w };
    const key = `${term.kind}:${term.text}`;
    if (w.length === 0 || seen.has(key) || terms.length >= QUERY_LIMITS.terms) return;
    seen.add(key);
    terms.push(term);
  };
  const parts = q.slice(0, QUERY_LIMITS.chars).normalize('NFC').toLowerCase().split('"');
  // An unmatched quote is plain text: only parts before the last closing quote can be quoted.
  const quotedEnd = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < quotedEnd) return add('phrase', tokens(part));
    for (const chunk of part.split(CHUNK_SPLIT)) {
      const words = tokens(chunk);
      const last = words[words.length - 1];
      const prefix = words.length === 1 && last !== undefined && last.length >= QUERY_LIMITS.prefixMin && chunk.endsWith('*');
      add(prefix ? 'prefix' : 'word', words);
    }
  });
  if (terms.length === 0) throw new AppError('search.query_invalid', 'The query has no words to search for', { q: q.slice(0, 100) });
  return { terms };
}

/** Case and diacritics folded as FTS5 `unicode61 remove_diacritics 2` does. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  return /[^\p{ASCII}]/u.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

interface Analysis {
  toks: Array<{ start: number; end: number }>;
  marked: boolean[];
  /** Occurrences of each term, in `ast.terms` order. */
  tf: number[];
}

/**
 * Finds the query's terms in `text` the way FTS5 matched them: words on folded form or Porter
 * stem ("floods" for "flood"), prefixes on the folded start, phrases only as consecutive words.
 */
function analyze(text: string, ast: QueryAst): Analysis {
  const toks = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, key: foldWord(m[0]) }));
  const stems: Array<string | undefined> = [];
  const same = (i: number, w: string, wStem: string): boolean => {
    const t = toks[i];
    // Porter only rewrites endings, so a different first letter can never share the stem.
    return t !== undefined && (t.key === w || (t.key[0] === w[0] && (stems[i] ??= porterStem(t.key)) === wStem));
  };
  const marked = new Array<boolean>(toks.length).fill(false);
  const tf = ast.terms.map((term) => {
    const words = term.words.map(foldWord);
    const wordStems = words.map(porterStem);
    let n = 0;
    for (let i = 0; i < toks.length; i++) {
      const hit = term.kind === 'prefix' ? toks[i]!.key.startsWith(words[0] ?? '') : words.every((w, j) => same(i + j, w, wordStems[j]!));
      if (!hit) continue;
      n++;
      for (let j = 0; j < words.length; j++) marked[i + j] = true;
    }
    return n;
  });
  return { toks, marked, tf };
}

/** `text` HTML-escaped with every matched word wrapped in <mark>…</mark>. */
export function highlight(text: string, ast: QueryAst): string {
  const { toks, marked } = analyze(text, ast);
  let out = '';
  let at = 0;
  toks.forEach((t, i) => {
    if (!marked[i]) return;
    out += `${escapeHtml(text.slice(at, t.start))}<mark>${escapeHtml(text.slice(t.start, t.end))}</mark>`;
    at = t.end;
  });
  return out + escapeHtml(text.slice(at));
}

/** Occurrences of each term in `text`, in `ast.terms` order (0: the term is not there). */
export const termCounts = (text: string, ast: QueryAst): number[] => analyze(text, ast).tf;

/** True when any query term occurs in `text` (which asset fields matched). */
export const matchesAny = (text: string, ast: QueryAst): boolean => analyze(text, ast).tf.some((n) => n > 0);

/**
 * bm25's term-frequency and length part (k1 = 1.2, b = 0.75) for one text, without idf:
 * ranks the moments of one asset, where every candidate holds every term, without asking
 * the engine for corpus statistics again.
 */
export function scoreText(text: string, ast: QueryAst, avgWords: number): number {
  const { toks, tf } = analyze(text, ast);
  return tfPart(tf, toks.length, avgWords);
}

/** `scoreText` for several texts at once, against their own average length (one pass over each). */
export function scoreTexts(texts: readonly string[], ast: QueryAst): number[] {
  const all = texts.map((t) => analyze(t, ast));
  const avg = all.reduce((sum, a) => sum + a.toks.length, 0) / Math.max(all.length, 1);
  return all.map((a) => tfPart(a.tf, a.toks.length, avg));
}

function tfPart(tf: readonly number[], words: number, avgWords: number): number {
  const norm = 1.2 * (0.25 + (0.75 * words) / Math.max(avgWords, 1));
  return tf.reduce((sum, n) => sum + (n * 2.2) / (n + norm), 0);
}

/** The words of `text` as the query side tokenizes them (close to FTS5 unicode61). */
export const wordsOf = (text: string): string[] => text.match(TOKEN) ?? [];

// ---- Porter stemmer, a port of SQLite's fts5 `porter` tokenizer (fts5_tokenize.c) so highlights agree with FTS5 matches.

type Cond = (s: string, n: number) => boolean;
const isVowel = (c: string | undefined, yIsVowel: boolean): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');
/** Index just past the first vowel-then-consonant run in s[from, n), or 0. */
function gobbleVC(s: string, from: number, n: number, prevCons: boolean): number {
  let cons = prevCons;
  let i = from;
  for (; i < n; i++) if (!(cons = !isVowel(s[i], cons))) break;
  for (i++; i < n; i++) if ((cons = !isVowel(s[i], cons))) return i + 1;
  return 0;
}
const mGt0: Cond = (s, n) => gobbleVC(s, 0, n, false) > 0;
const mGt1: Cond = (s, n) => {
  const k = gobbleVC(s, 0, n, false);
  return k > 0 && gobbleVC(s, k, n, true) > 0;
};
const mEq1: Cond = (s, n) => {
  const k = gobbleVC(s, 0, n, false);
  return k > 0 && gobbleVC(s, k, n, true) === 0;
};
const hasVowel: Cond = (s, n) => [...s.slice(0, n)].some((c, i) => isVowel(c, i > 0));
const oStar: Cond = (s, n) => {
  if ('wxy'.includes(s[n - 1] ?? 'w')) return false;
  let mask = 0;
  let cons = false;
  for (let i = 0; i < n; i++) {
    cons = !isVowel(s[i], cons);
    mask = (mask << 1) + (cons ? 1 : 0);
  }
  return (mask & 7) === 5;
};
const ionCond: Cond = (s, n) => (s[n - 1] === 's' || s[n - 1] === 't') && mGt1(s, n);

type Rule = [suffix: string, cond: Cond | null, replacement: string];
const rules = (cond: Cond, spec: string): Rule[] => spec.split(' ').map((r) => {
  const [suffix = '', rep = ''] = r.split('>');
  return [suffix, cond, rep];
});
const STEP1B: Rule[] = [['eed', mGt0, 'ee'], ['ed', hasVowel, ''], ['ing', hasVowel, '']];
const STEP1B2: Rule[] = [['at', null, 'ate'], ['bl', null, 'ble'], ['iz', null, 'ize']];
const STEP2 = rules(mGt0, 'ational>ate tional>tion enci>ence anci>ance izer>ize logi>log bli>ble alli>al entli>ent eli>e ousli>ous ization>ize ation>ate ator>ate alism>al iveness>ive fulness>ful ousness>ous aliti>al iviti>ive biliti>ble');
const STEP3 = rules(mGt0, 'icate>ic ative> alize>al iciti>ic ical>ic ful> ness>');
const STEP4 = rules(mGt1, 'al> ance> ence> er> ic> able> ible> ant> ement> ment> ent> ion> ou> ism> ate> iti> ous> ive> ize>').map(
  (r): Rule => (r[0] === 'ion' ? ['ion', ionCond, ''] : r),
);

/** First rule whose suffix matches decides (SQLite's generated switch); returns the new word, or null if none fired. */
function applyRules(s: string, list: Rule[]): string | null {
  for (const [suffix, cond, rep] of list) {
    if (s.length <= suffix.length || !s.endsWith(suffix)) continue;
    const n = s.length - suffix.length;
    return !cond || cond(s, n) ? s.slice(0, n) + rep : null;
  }
  return null;
}

const stemCache = new Map<string, string>();

/** The stem FTS5's porter tokenizer indexes for a folded word (ASCII words of 3–64 chars; others pass through). */
export function porterStem(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    if (stemCache.size >= 50_000) stemCache.clear();
    stemCache.set(word, (stem = stem1(word)));
  }
  return stem;
}

function stem1(word: string): string {
  if (word.length < 3 || word.length > 64 || !/^[a-z]+$/.test(word)) return word;
  let s = word;
  if (s.endsWith('s')) {
    if (s[s.length - 2] === 'e') s = (s.length > 4 && s.endsWith('sses')) || (s.length > 3 && s.endsWith('ies')) ? s.slice(0, -2) : s.slice(0, -1);
    else if (s[s.length - 2] !== 's') s = s.slice(0, -1);
  }
  const b = STEP1B.find(([suffix]) => s.length > suffix.length && s.endsWith(suffix));
  const afterB = b && b[2] === '' ? applyRules(s, STEP1B) : null;
  if (afterB !== null) {
    s = afterB;
    const b2 = applyRules(s, STEP1B2);
    const c = s[s.length - 1];
    if (b2 !== null) s = b2;
    else if (!isVowel(c, false) && c !== 'l' && c !== 's' && c !== 'z' && c === s[s.length - 2]) s = s.slice(0, -1);
    else if (mEq1(s, s.length) && oStar(s, s.length)) s += 'e';
  } else if (b) {
    s = applyRules(s, STEP1B) ?? s;
  }
  if (s.endsWith('y') && hasVowel(s, s.length - 1)) s = `${s.slice(0, -1)}i`;
  for (const step of [STEP2, STEP3, STEP4]) s = applyRules(s, step) ?? s;
  const n = s.length;
  if (s.endsWith('e') && (mGt1(s, n - 1) || (mEq1(s, n - 1) && !oStar(s, n - 1)))) s = s.slice(0, -1);
  if (s.endsWith('ll') && mGt1(s, s.length - 1)) s = s.slice(0, -1);
  return s;
}
