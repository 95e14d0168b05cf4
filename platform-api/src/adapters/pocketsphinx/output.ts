/** One `-time yes` line in the WAV's own time. */
export interface RawWord {
  w: string;
  startMs: number;
  endMs: number;
  conf: number;
}

/**
 * `pocketsphinx_continuous -time yes` prints each utterance's hypothesis, then one line per
 * segment: `word start end confidence`, times in seconds from the start of the file (frames /
 * `-frate` 100, so 10 ms steps). The confidence is `logmath_exp(ps_seg_prob(…))` (continuous.c
 * print_word_times): the word's posterior probability in the lattice, already 0–1.
 */
const LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/**
 * Not words: sentence markers and silence (`<s>`, `</s>`, `<sil>`), the noise dictionary's
 * fillers (`[NOISE]`, `[SPEECH]`, older models' `++BREATH++`). `word(2)` is the dictionary's
 * second pronunciation of `word`.
 */
const FILLER = /^(<.*>|\[.*\]|\+\+.*\+\+)$/;
const ALTERNATE = /\(\d+\)$/;

export function parseWords(stdout: string): RawWord[] {
  const words: RawWord[] = [];
  for (const raw of stdout.split('\n')) {
    const m = LINE.exec(raw.trim());
    if (!m || FILLER.test(m[1]!)) continue;
    const w = m[1]!.replace(ALTERNATE, '');
    if (!w) continue;
    const startMs = Math.round(Number(m[2]) * 1000);
    words.push({ w, startMs, endMs: Math.max(startMs, Math.round(Number(m[3]) * 1000)), conf: Math.min(1, Math.max(0, Number(m[4]))) });
  }
  return words;
}
