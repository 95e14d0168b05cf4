import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Pronouncer } from '../../ports/pronouncer';
import { ipaToArpabet } from './ipa';

export interface CmudictPronouncerOptions {
  /** The CMU Pronouncing Dictionary as pocketsphinx ships it (`word  PH PH …`, variants as `word(2)`). */
  dictPath: string;
  /** espeak-ng, for words the dictionary lacks (names): its letter-to-sound rules, voice en-us. */
  espeakPath: string;
}

/**
 * Dictionary first — every word pocketsphinx emits is in it, so transcripts convert exactly — then
 * espeak-ng's letter-to-sound rules for anything else (one process per call, one word per line).
 */
export class CmudictPronouncer implements Pronouncer {
  readonly engine = 'cmudict + espeak-ng';
  readonly model = 'cmudict-en-us';
  private dict: Promise<Map<string, string[]>> | null = null;
  private readonly guessed = new Map<string, string[]>();

  constructor(private readonly o: CmudictPronouncerOptions) {}

  async pronounce(words: readonly string[]): Promise<Map<string, string[]>> {
    const dict = await this.load();
    const out = new Map<string, string[]>();
    const unknown: string[] = [];
    for (const raw of words) {
      const w = raw.toLowerCase();
      const known = dict.get(w) ?? this.guessed.get(w);
      if (known) out.set(w, known);
      else if (/^[\p{L}'-]{1,40}$/u.test(w) && !unknown.includes(w)) unknown.push(w);
    }
    if (unknown.length) {
      const lines = await this.espeak(unknown);
      unknown.forEach((w, i) => {
        const phones = ipaToArpabet(lines[i] ?? '');
        if (phones.length === 0) return;
        if (this.guessed.size > 10_000) this.guessed.clear(); // bounded: names come and go
        this.guessed.set(w, phones);
        out.set(w, phones);
      });
    }
    return out;
  }

  private load(): Promise<Map<string, string[]>> {
    this.dict ??= readFile(this.o.dictPath, 'utf8').then((text) => {
      const map = new Map<string, string[]>();
      for (const line of text.split('\n')) {
        const [head, ...phones] = line.trim().split(/\s+/);
        // The first pronunciation wins; "(2)" variants are alternatives the decoder may also use.
        if (head && phones.length && !head.includes('(') && !map.has(head)) map.set(head, phones.map((p) => p.replace(/\d$/, '')));
      }
      return map;
    });
    return this.dict;
  }

  private espeak(words: string[]): Promise<string[]> {
    return new Promise((resolve) => {
      // Words are passed on stdin, never as arguments; a failure leaves them unpronounced, not the search broken.
      const child = execFile(this.o.espeakPath, ['-v', 'en-us', '-q', '--ipa'], { timeout: 5000, maxBuffer: 1 << 20 }, (err, stdout) => {
        resolve(err ? [] : stdout.split('\n').map((l) => l.trim()));
      });
      child.stdin?.end(`${words.join('\n')}\n`);
    });
  }
}
