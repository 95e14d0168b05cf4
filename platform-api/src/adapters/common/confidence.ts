import type { TimedWord } from '../../ports/ai';

/** Mean of the known word confidences, or null when the engine gave none. */
export function meanConfidence(words: readonly TimedWord[]): number | null {
  const known = words.map((w) => w.conf).filter((c): c is number => c !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}
