/**
 * Phonetic matching (issue 14): a query's phones are found inside a transcript's phones with a bounded,
 * weighted edit distance, so a name the recogniser spelled as other words ("call ski" for Kowalski)
 * is still found where it was said. Pure functions; ARPAbet phones without stress.
 */

const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);

/**
 * A coarse alphabet for candidate lookup: phones a recogniser confuses easily (voicing pairs,
 * nasals, nearby vowels) share a symbol, so one such confusion does not hide a candidate.
 * Symbols are lower-case letters because the full-text index folds case.
 */
const CLASS: Record<string, string> = {
  P: 'p', B: 'p', T: 't', D: 't', K: 'k', G: 'k', F: 'f', V: 'f', TH: 'h', DH: 'h', S: 's', Z: 's',
  SH: 'x', ZH: 'x', CH: 'c', JH: 'c', M: 'n', N: 'n', NG: 'n', L: 'l', R: 'r', ER: 'r', W: 'w', Y: 'y', HH: 'q',
  IY: 'i', IH: 'i', EY: 'e', EH: 'e', AE: 'e', AA: 'a', AO: 'a', AH: 'a', OW: 'u', UH: 'u', UW: 'u', AY: 'j', AW: 'v', OY: 'o',
};

export const phoneClass = (p: string): string => CLASS[p] ?? '';

/**
 * Index tokens for a phone string: overlapping class trigrams (`ph…`) and bigrams (`pb…`), prefixed so
 * no real word collides. Decoded phones are wrong about a third of the time, so a true match often
 * keeps only a bigram or two: the search counts shared tokens to rank candidates, then aligns.
 */
export function phoneTokens(phones: readonly string[]): string[] {
  const c = phones.map(phoneClass).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 2 <= c.length; i++) {
    out.push(`pb${c[i]}${c[i + 1]}`);
    if (i + 3 <= c.length) out.push(`ph${c[i]}${c[i + 1]}${c[i + 2]}`);
  }
  return out;
}

/** Substitution cost: 0 same phone, 0.5 same class (a likely confusion) or vowel for vowel, else 1. */
export function substitution(a: string, b: string): number {
  if (a === b) return 0;
  if (phoneClass(a) === phoneClass(b)) return 0.5;
  if (VOWELS.has(a) && VOWELS.has(b)) return 0.6;
  return 1;
}

/**
 * Distance allowed for a query of `m` phones: 0.48·m. Calibrated on pocketsphinx's phone decoding of
 * espeak-ng speech (test/enrich-local/phonetic.test.ts): names that were said scored 0.37–0.47·m, words
 * that were not said 0.53–0.61·m. Under 5 phones a query sounds like too much to be told apart.
 */
export const maxErrors = (m: number, bound = 0.48): number => (m < 5 ? 0 : Math.round(bound * m * 10) / 10);

export interface PhoneMatch {
  distance: number;
  /** Index of the first and one past the last matched phone in the target. */
  start: number;
  end: number;
}

/**
 * Phones as small integers: search aligns every row of its candidate assets per query, and string
 * compares plus map lookups per cell were its main cost. The phone store (phone-store.ts) keeps rows
 * as these ids, and each query gets its substitution costs against every known id up front, so a
 * cell is one array read; the costs are exactly `substitution`'s, so distances are bit-identical.
 */
const PHONE_IDS = new Map<string, number>();
const PHONES: string[] = [];

export function phoneId(p: string): number {
  let id = PHONE_IDS.get(p);
  if (id === undefined) {
    id = PHONES.length;
    PHONES.push(p);
    PHONE_IDS.set(p, id);
  }
  return id;
}

export const phoneOf = (id: number): string => PHONES[id]!;

/** A query's phones as ids, with one row of substitution costs per query phone over the ids known when it was made. */
export class PhoneQuery {
  readonly ids: Int32Array;
  readonly length: number;
  /** Ids known when the query was made; `costs` holds one row of that width per query phone. */
  readonly width: number;
  readonly costs: Float64Array;

  constructor(readonly phones: readonly string[]) {
    this.ids = Int32Array.from(phones, phoneId);
    this.length = phones.length;
    this.width = PHONES.length;
    this.costs = new Float64Array(this.length * this.width);
    for (let i = 0; i < this.length; i++) for (let t = 0; t < this.width; t++) this.costs[i * this.width + t] = substitution(phones[i]!, PHONES[t]!);
  }

  /** Cost of query phone `i` against phone id `t` (an id interned after this query was made is computed). */
  cost(i: number, t: number): number {
    return t < this.width ? this.costs[i * this.width + t]! : substitution(this.phones[i]!, PHONES[t]!);
  }
}

/** One flat matrix reused across calls (grown on demand): no allocation per aligned row. */
let scratch = new Float64Array(1024);

/**
 * Best approximate occurrence of `query` inside `target` (Sellers' algorithm: free start and end in the
 * target), or null when none is within `limit`. O(m·n) time, O(m·n) memory for the traceback; m is a
 * few phones and n one transcript window, so this stays small.
 */
export function findPhones(query: readonly string[], target: readonly string[], limit = maxErrors(query.length)): PhoneMatch | null {
  return findPhoneIds(new PhoneQuery(query), Int32Array.from(target, phoneId), 0, target.length, limit);
}

/** `findPhones` over phone ids: `target[from…to)` is the row searched; start and end are relative to `from`. */
export function findPhoneIds(query: PhoneQuery, target: ArrayLike<number>, from: number, to: number, limit = maxErrors(query.length)): PhoneMatch | null {
  const m = query.length;
  const n = to - from;
  if (m === 0 || n <= 0) return null;
  const w = n + 1;
  if (scratch.length < (m + 1) * w) scratch = new Float64Array((m + 1) * w * 2);
  const d = scratch;
  const { costs, width } = query;
  // Row 0 is all zeros (a match may start anywhere in the target); column 0 counts deletions.
  d.fill(0, 0, w);
  for (let i = 1; i <= m; i++) {
    const row = i * w;
    const up = row - w;
    const offset = (i - 1) * width;
    d[row] = i;
    for (let j = 1; j <= n; j++) {
      const t = target[from + j - 1]!;
      const diag = d[up + j - 1]! + (t < width ? costs[offset + t]! : query.cost(i - 1, t));
      const del = d[up + j]! + 1;
      const ins = d[row + j - 1]! + 1;
      d[row + j] = diag < del ? (diag < ins ? diag : ins) : del < ins ? del : ins;
    }
  }
  const last = m * w;
  let best = Infinity;
  let end = 0;
  for (let j = 1; j <= n; j++) {
    if (d[last + j]! < best) {
      best = d[last + j]!;
      end = j;
    }
  }
  if (best > limit) return null;
  // Trace back to where this occurrence starts.
  let i = m;
  let j = end;
  while (i > 0 && j > 0) {
    const here = d[i * w + j]!;
    if (here === d[(i - 1) * w + j - 1]! + query.cost(i - 1, target[from + j - 1]!)) {
      i--;
      j--;
    } else if (here === d[(i - 1) * w + j]! + 1) i--;
    else j--;
  }
  return { distance: best, start: j, end };
}
