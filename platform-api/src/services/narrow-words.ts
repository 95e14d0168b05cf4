import type { TimedWord } from '../ports/ai';
import { narrowToWords, toCues } from './enrichment/speech-windows';

type Word = { w: string; startMs: number; endMs: number };

/**
 * A speech window holds a few cues; a query word said in two of them must not become one moment
 * spanning both (issue 14: "two overlapping moments came back for one spoken line"). The moment is
 * narrowed to the one cue (spoken line) holding the most query terms, the earliest on a tie; only a
 * query whose terms no single cue holds together (a phrase across a line break) spans cues.
 */
export function narrowToLine(words: readonly Word[], terms: readonly string[]): { startMs: number; endMs: number } | null {
  const whole = narrowToWords(words, terms);
  if (!whole) return null;
  const covered = (ws: readonly Word[]) => terms.filter((t) => narrowToWords(ws, [t]) !== null).length;
  const all = covered(words);
  let best: { n: number; range: { startMs: number; endMs: number } } | null = null;
  for (const cue of toCues(words.map((w) => ({ ...w, conf: null }) as TimedWord))) {
    const range = narrowToWords(cue, terms);
    if (!range) continue;
    const n = covered(cue);
    if (!best || n > best.n) best = { n, range };
  }
  return best && best.n === all ? best.range : whole;
}
