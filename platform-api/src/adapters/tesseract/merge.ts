import type { OcrLine } from '../../ports/ai';

/** The lines read in one band of one captured frame. */
export interface Sample {
  ms: number;
  lines: Array<{ text: string; conf: number }>;
}

/** Edge characters that are background blobs or box edges read as glyphs, not text. */
const EDGE_JUNK = /^[\s|\\/_~`'"“”‘’«»•·*^<>=+\-—–:;,©®™[\]{}]+|[\s|\\/_~`'"“”‘’«»•·*^<>=+\-—–:;,©®™[\]{}]+$/gu;

/**
 * Trims, collapses spaces and edge junk; null for a line that is not text: fewer than 3 letters
 * or digits, or under 60 % of its characters letters or digits.
 */
export function normaliseLine(raw: string): string | null {
  const text = raw.replace(/\s+/g, ' ').replace(EDGE_JUNK, '').trim();
  const alnum = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const chars = text.replace(/ /g, '').length;
  return alnum >= 3 && alnum / chars >= 0.6 ? text : null;
}

/** Levenshtein distance, early exit above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...cur) > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The same caption read twice: up to 2 edits, or 20 % of the longer reading. */
export function sameText(a: string, b: string): boolean {
  const max = Math.max(2, Math.floor(0.2 * Math.max(a.length, b.length)));
  return editDistance(a.toLowerCase(), b.toLowerCase(), max) <= max;
}

/** Every word of `part` appears in `whole`: a reading that missed words (one lost next to a blob). */
export function covers(whole: string, part: string): boolean {
  const words = new Set(whole.toLowerCase().split(' '));
  return part.toLowerCase().split(' ').every((w) => words.has(w));
}

const related = (a: string, b: string) => sameText(a, b) || covers(a, b) || covers(b, a);

/** A line read on one capture only must be this sure (0–1): one-off readings are mostly picture noise. */
export const SINGLE_READING_CONF = 0.8;

interface Track {
  /** Distinct readings with their count and summed confidence. */
  texts: Map<string, { n: number; conf: number }>;
  first: number;
  last: number;
}

function read(t: Track, line: { text: string; conf: number }): void {
  const s = t.texts.get(line.text) ?? { n: 0, conf: 0 };
  t.texts.set(line.text, { n: s.n + 1, conf: s.conf + line.conf });
}

/**
 * Merges a band's readings over consecutive captures into lines. Readings join a line when they
 * are nearly the same text or one holds every word of the other (a word lost on a busy frame).
 * A line stays open through ONE capture where it was not read; two misses close it. Its interval
 * starts at the last change event after the previous capture (or at its first capture) and ends
 * at the first change event after its last capture (or at the next capture / the end), so with a
 * capture at least every `scan` seconds it is within one scan step of the truth, and exact when
 * the graphic switches in and out on a cut (docs/media-pipeline.md: 8/8 boundaries on the exact frame).
 * The text is the most frequent reading. A line read on a single capture is kept only when
 * tesseract was sure of it (SINGLE_READING_CONF).
 */
export function mergeReadings(samples: readonly Sample[], events: readonly number[], durationMs: number, region: OcrLine['region']): OcrLine[] {
  const done: Track[] = [];
  let open: Track[] = [];
  samples.forEach((s, i) => {
    const matched = new Set<Track>();
    for (const line of s.lines) {
      let t = open.find((o) => !matched.has(o) && [...o.texts.keys()].some((text) => related(text, line.text)));
      if (!t) open.push((t = { texts: new Map(), first: i, last: i }));
      read(t, line);
      t.last = i;
      matched.add(t);
    }
    const [keep, close] = partition(open, (o) => i - o.last < 2);
    done.push(...close);
    open = keep;
  });
  done.push(...open);
  return done
    .filter((t) => t.last > t.first || [...t.texts.values()][0]!.conf >= SINGLE_READING_CONF)
    .map((t) => {
      const startMs = lastEventIn(events, samples[t.first - 1]?.ms ?? -1, samples[t.first]!.ms) ?? samples[t.first]!.ms;
      const nextMs = samples[t.last + 1]?.ms ?? durationMs;
      const endMs = firstEventIn(events, samples[t.last]!.ms, nextMs) ?? nextMs;
      const all = [...t.texts.values()];
      const confidence = Math.round((all.reduce((a, r) => a + r.conf, 0) / all.reduce((a, r) => a + r.n, 0)) * 1000) / 1000;
      return { text: mostFrequent(t.texts), startMs, endMs: Math.max(endMs, startMs + 1), confidence, region };
    })
    .sort((a, b) => a.startMs - b.startMs || a.text.localeCompare(b.text));
}

/** Latest event in (after, atMost]. */
function lastEventIn(events: readonly number[], after: number, atMost: number): number | null {
  return events.filter((e) => e > after && e <= atMost).at(-1) ?? null;
}

/** Earliest event in (after, atMost]. */
function firstEventIn(events: readonly number[], after: number, atMost: number): number | null {
  return events.find((e) => e > after && e <= atMost) ?? null;
}

function mostFrequent(texts: Track['texts']): string {
  return [...texts.entries()].sort((a, b) => b[1].n - a[1].n || b[1].conf - a[1].conf)[0]![0];
}

function partition<T>(xs: readonly T[], keep: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(keep), xs.filter((x) => !keep(x))];
}
