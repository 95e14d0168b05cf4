import type { Segment } from '@cutaway/shared';
import type { TimedWord } from '../../ports/ai';

/** A pause this long ends a cue (a subtitle-sized line of speech). */
const CUE_GAP_MS = 700;
const CUE_MAX_WORDS = 12;
/** Each indexed window spans this many cues and starts every `WINDOW_STEP` cues, so phrases across cue boundaries still match (docs/search.md "Model"). */
const WINDOW_CUES = 3;
const WINDOW_STEP = 2;

export function toCues(words: readonly TimedWord[]): TimedWord[][] {
  const cues: TimedWord[][] = [];
  let cue: TimedWord[] = [];
  for (const w of words) {
    const last = cue.at(-1);
    if (last && (w.startMs - last.endMs > CUE_GAP_MS || cue.length >= CUE_MAX_WORDS)) {
      cues.push(cue);
      cue = [];
    }
    cue.push(w);
  }
  if (cue.length) cues.push(cue);
  return cues;
}

/** Overlapping windows of a few cues, each keeping its word timings. */
export function speechSegments(assetId: string, source: string, words: readonly TimedWord[]): Segment[] {
  const cues = toCues(words.filter((w) => w.w.trim() !== ''));
  const segments: Segment[] = [];
  for (let i = 0; i < cues.length; i += WINDOW_STEP) {
    const window = cues.slice(i, i + WINDOW_CUES).flat();
    const first = window[0];
    const last = window.at(-1);
    if (!first || !last) continue;
    const confs = window.map((w) => w.conf).filter((c): c is number => c !== null);
    segments.push({
      assetId,
      kind: 'speech',
      startMs: first.startMs,
      endMs: Math.max(last.endMs, first.startMs + 1),
      text: window.map((w) => w.w).join(' '),
      source,
      confidence: confs.length ? round3(confs.reduce((a, b) => a + b, 0) / confs.length) : null,
      words: window.map((w) => ({ w: w.w, startMs: w.startMs, endMs: w.endMs, ...(w.conf === null ? {} : { conf: w.conf }) })),
    });
    if (i + WINDOW_CUES >= cues.length) break;
  }
  return segments;
}

/**
 * Narrows a matched window to the matched words' own in and out: the first and last word
 * whose text matches one of the query's terms (prefix-aware). Null when nothing matches.
 */
export function narrowToWords(words: ReadonlyArray<{ w: string; startMs: number; endMs: number }>, terms: readonly string[]): { startMs: number; endMs: number } | null {
  const wanted = terms.map((t) => t.toLowerCase());
  const hits = words.filter((w) => {
    const word = w.w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
    return wanted.some((t) => (t.endsWith('*') ? word.startsWith(t.slice(0, -1)) : word === t || stem(word) === stem(t)));
  });
  const first = hits[0];
  const last = hits.at(-1);
  return first && last ? { startMs: first.startMs, endMs: last.endMs } : null;
}

/** Crude English plural/tense folding, enough to line up "floods" with "flood" for narrowing. */
function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/u.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word.replace(/(ing|ed)$/u, '');
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
