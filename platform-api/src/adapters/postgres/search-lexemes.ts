import type { MomentKind } from '@cutaway/shared';
import { foldWord, porterStem, wordsOf, type QueryTerm } from '../../rules/search-query';

/**
 * Lexemes are made here, in JS, with the shared tokenizer, folding and Porter stemmer, and
 * reach PostgreSQL as tsvector / tsquery *values* (bound parameters, never SQL text).
 *
 * Why not to_tsvector('english', text): Snowball English is not SQLite's Porter ("floods"
 * agrees, many words do not), it drops stop words ("the" would never match, where FTS5
 * finds it), and it does not fold diacritics without unaccent. The shared highlighter marks
 * words by Porter stem, so only Porter lexemes make every hit highlight the words that made
 * it match, exactly as on SQLite (docs/search.md "FTS5 options": porter unicode61 remove_diacritics 2).
 */

/** PostgreSQL limits: positions 1..16383, 256 positions per lexeme, lexemes < 2 KiB, < 1 MiB of lexemes per vector. */
const MAX_POS = 16_383;
const MAX_POSITIONS = 256;
const MAX_LEXEME = 255;
const MAX_VECTOR_BYTES = 1_000_000;

/** One token per kind inside the segment vector: a kind filter becomes part of the GIN scan (docs/search.md: "keep kind inside the index"). */
export const kindLexeme = (kind: MomentKind): string => `#${kind}`;

const lexemes = new Map<string, string>();

/** The lexeme FTS5's porter tokenizer would index for one word (cached by surface form: words repeat, Zipf). */
export function lexemeOf(word: string): string {
  let lexeme = lexemes.get(word);
  if (lexeme === undefined) {
    if (lexemes.size >= 100_000) lexemes.clear();
    lexemes.set(word, (lexeme = porterStem(foldWord(word)).slice(0, MAX_LEXEME)));
  }
  return lexeme;
}

/** tsvector / tsquery literal quoting: the value is parsed by PostgreSQL's type input, not the SQL parser. */
const quote = (lexeme: string): string => (/['\\]/.test(lexeme) ? `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${lexeme}'`);

/** Stem → positions, in first-seen order. */
export function positionsOf(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  wordsOf(text).forEach((word, i) => {
    const lexeme = lexemeOf(word);
    const list = out.get(lexeme);
    if (!list) out.set(lexeme, [Math.min(i + 1, MAX_POS)]);
    else if (list.length < MAX_POSITIONS) list.push(Math.min(i + 1, MAX_POS));
  });
  return out;
}

/** A tsvector literal. Lexemes past PostgreSQL's 1 MiB limit (the last ones first seen) are left out rather than failing the write. */
function literal(entries: Iterable<[string, number[]]>, weight = ''): string {
  let out = '';
  let bytes = 0;
  for (const [lexeme, pos] of entries) {
    if ((bytes += Buffer.byteLength(lexeme)) > MAX_VECTOR_BYTES) break;
    out += out ? ` ${quote(lexeme)}` : quote(lexeme);
    for (let i = 0; i < pos.length; i++) out += `${i ? ',' : ':'}${pos[i]}${weight}`;
  }
  return out;
}

/** A segment's tsvector literal: its words with positions (phrases need them) plus its kind token. */
export function segmentVector(text: string, kind: MomentKind): string {
  return `${literal(positionsOf(text))} ${quote(kindLexeme(kind))}`;
}

/**
 * The asset fields as one weighted vector: title A, tags B, description and file name C
 * (ts_rank weights in search-sql.ts mirror SQLite's bm25 column weights 10/6/4/3).
 */
export function fieldsVector(doc: { title: string; description: string; tags: readonly string[]; fileName: string }): string {
  const parts: Array<[string, string]> = [[doc.title, 'A'], [doc.tags.join('\n'), 'B'], [doc.description, 'C'], [doc.fileName, 'C']];
  let base = 0;
  const out: string[] = [];
  for (const [text, weight] of parts) {
    const pos = positionsOf(text);
    // Shift each field past the previous one so a phrase cannot span two fields.
    const shifted = [...pos].map(([l, p]): [string, number[]] => [l, p.map((x) => Math.min(x + base, MAX_POS))]);
    out.push(literal(shifted, weight));
    base += wordsOf(text).length + 1;
  }
  return out.filter(Boolean).join(' ');
}

/** Stem counts over some texts, in first-seen order. */
export function stemCounts(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of wordsOf(text)) {
    const lexeme = lexemeOf(word);
    counts.set(lexeme, (counts.get(lexeme) ?? 0) + 1);
  }
  return counts;
}

/** One kind's stems for the asset-level row: a set without positions, since it only selects (search-stage1.ts). */
export const bagVector = (counts: ReadonlyMap<string, number>): string => literal([...counts.keys()].map((l): [string, number[]] => [l, []]));

/** Stems in an asset's rank vector: enough for what it is about, small enough to stay inline. */
export const RANK_STEMS = 64;

/**
 * The asset's most repeated stems (two or more mentions), each with 1 + floor(log2(count))
 * positions, as SQLite's search-bag.ts counts them: ts_rank then sees "mentioned often" at a
 * few positions per stem. Stems mentioned once are not kept: they rank as a plain match.
 */
export function rankVector(counts: ReadonlyMap<string, number>): string {
  let next = 1;
  const top = [...counts].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]).slice(0, RANK_STEMS);
  return literal(top.map(([lexeme, n]): [string, number[]] =>
    [lexeme, Array.from({ length: Math.min(1 + Math.floor(Math.log2(n)), 16) }, () => Math.min(next++, MAX_POS))]));
}

/** A band token, as search_band() in the migration writes it. */
export const bandLexeme = (band: number): string => quote(`@${band}`);

/** Common expansions for a broad prefix lexeme, or null to keep `:*` (search-lexicon.ts). */
export type PrefixExpander = (prefix: string) => string[] | null;

/**
 * One term as tsquery syntax: a word, a phrase of adjacent words, or a stemmed prefix (FTS5
 * stems prefixes too). With `expand`, a broad prefix becomes its capped list of common words.
 */
export function termQuery(t: QueryTerm, expand?: PrefixExpander): string {
  const lexemes = t.words.map((w) => lexemeOf(w));
  if (t.kind === 'prefix') {
    const expanded = lexemes[0] === undefined ? null : (expand?.(lexemes[0]) ?? null);
    return expanded ? `(${expanded.map(quote).join(' | ')})` : `${quote(lexemes[0] ?? '')}:*`;
  }
  return lexemes.length > 1 ? `(${lexemes.map(quote).join(' <-> ')})` : quote(lexemes[0] ?? '');
}

/** Every term ANDed. */
export const allOf = (terms: readonly QueryTerm[], expand?: PrefixExpander): string => terms.map((t) => termQuery(t, expand)).join(' & ');

/** The segment query: every term, and one of the wanted kinds when a kind filter narrows anything. */
export function segmentQuery(terms: readonly QueryTerm[], kinds: readonly MomentKind[] | null): string {
  const all = allOf(terms);
  return kinds ? `(${all}) & (${kinds.map((k) => quote(kindLexeme(k))).join(' | ')})` : all;
}

/**
 * The adjacent pairs every phrase of the query needs, ANDed, as the tsquery over search_pairs(tsv)
 * (migration 240): 'storm warn' for "storm warning". Null when no term is a phrase of two or more
 * words. Pairs are necessary, not sufficient (a three-word phrase, the kind filter, other terms):
 * the segment vector is still tested on every row they select.
 */
export function pairQuery(terms: readonly QueryTerm[]): string | null {
  const pairs = new Set<string>();
  for (const t of terms) {
    if (t.kind !== 'phrase') continue;
    const lexemes = t.words.map((w) => lexemeOf(w));
    for (let i = 1; i < lexemes.length; i++) pairs.add(quote(`${lexemes[i - 1]} ${lexemes[i]}`));
  }
  return pairs.size > 0 ? [...pairs].join(' & ') : null;
}
