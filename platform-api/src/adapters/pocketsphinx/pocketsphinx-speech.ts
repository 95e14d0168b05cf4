import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { AiCallOptions, SpeechToText, TimedWord, Transcript } from '../../ports/ai';
import type { ScratchSpace } from '../../ports/scratch-space';
import { runTool } from '../ffmpeg/run';
import { extractSpeechAudio } from '../ffmpeg/speech-audio';
import { parseWords } from './output';
import { pool } from '../common/pool';
import { planChunks, speechRegions, toMediaTime, type Chunk, type PlanOptions, type Span } from './regions';
import { writeChunkWav } from './wav';

export interface PocketsphinxOptions {
  /** Default `pocketsphinx_continuous` (Debian's pocketsphinx package). */
  binPath?: string;
  /**
   * A model folder laid out like Debian's /usr/share/pocketsphinx/model/en-us: `en-us/` (acoustic
   * model), `en-us.lm.bin`, `cmudict-en-us.dict`. Default: the binary's built-in paths (that folder).
   */
  modelDir?: string;
  /** pocketsphinx processes run at once over chunks (each is single-threaded); default 1. */
  threads?: number;
  ffmpegPath?: string;
  /** Scratch under the data dir (swept at start), never the system temp dir, which a kill -9 would litter for ever. */
  scratch: ScratchSpace;
  /** Replaces the default search limits (SEARCH_ARGS), e.g. `[]` for pocketsphinx's own defaults. */
  searchArgs?: readonly string[];
  plan?: PlanOptions;
  /**
   * Decode phones instead of words (`-allphone` with the model's phone language model): what was said
   * as ARPAbet phones with times, for the phonetic index — names the word model lacks come out close
   * to how they sound. Output "words" are then phones; silence is left out.
   */
  phones?: boolean;
  /** Replaces the phone pass's decoding options (PHONE_ARGS), as `searchArgs` does for words. */
  phoneArgs?: readonly string[];
}

/**
 * Phone decoding limits: on 7.2 s of espeak-ng news with three foreign names, pocketsphinx's default
 * beams took 78 CPU-s; `-beam 1e-10 -pbeam 1e-10` 2.9–3.7 CPU-s with the names' phones close to their
 * dictionary forms; 1e-8 was faster but dropped the end of the utterance. `-lw 2.0` as CMU advise for allphone.
 * `-allphone_ci yes` decodes context-independent phones: on 61 s of espeak-ng news (26 s of speech in
 * 12 regions, 12 names; issue 14) the triphone pass took 13.5 CPU-s (1.9x realtime on the speech) and
 * found 5 of the 12 names where they were said; context-independent, 1.45 CPU-s (18x) and 8 of 12.
 * `-maxhmmpf`, `-topn 2`, `-ds 2` and `-pl_window 0` saved nothing or lost names (bench:enrich, docs/phonetic-search.md).
 */
export const PHONE_ARGS = ['-backtrace', 'no', '-lw', '2.0', '-beam', '1e-10', '-pbeam', '1e-10', '-allphone_ci', 'yes'] as const;
const DEBIAN_PHONE_LM = '/usr/share/pocketsphinx/model/en-us/en-us-phone.lm.bin';

/**
 * Bounds on the search: at most 1500 active HMMs and 5 word exits per frame (the binary's
 * defaults: `-maxhmmpf 30000`, `-maxwpf -1`, so the beams alone prune). On 31 s of
 * espeak-ng news sentences (12 sentences, 73 words) on a busy 2-core box, in alternating runs:
 * defaults 13.0–15.9 CPU-s, WER 0.39; `-maxhmmpf 3000 -maxwpf 5` 10.0–10.9, WER 0.35; these
 * 6.0–6.9, WER 0.38, the same 8 of 8 keywords. 1000 lost 2 keywords; `-fwdflat no` saved more
 * but raised WER to 0.45. Synthetic speech only: `searchArgs: []` restores the defaults.
 */
export const SEARCH_ARGS = ['-maxhmmpf', '1500', '-maxwpf', '5'] as const;

/**
 * Local speech-to-text with CMU pocketsphinx (docs/media-pipeline.md: the only offline engine in
 * Debian 12 with a bundled model; WER 32–59 %, word starts within ~20 ms). Its transcripts are for
 * search, not publication. Only the speech regions are decoded: they are cut from one 16 kHz
 * extraction and laid end to end (with silence between) in one WAV per chunk, so one process
 * loads the model (~0.5 CPU-s) once for many regions; word times are mapped back to media time.
 * Measured on 12 regions of a 60 s clip: one process per region 9.0–10.2 CPU-s, one over the
 * concatenated WAV 5.1–6.0.
 */
export class PocketsphinxSpeechToText implements SpeechToText {
  readonly engine = 'pocketsphinx';
  readonly model: string;
  readonly #o: PocketsphinxOptions;

  constructor(options: PocketsphinxOptions) {
    this.#o = options;
    this.model = options.phones ? 'en-us-phone' : 'en-us';
  }

  async transcribe(mediaPath: string, options: AiCallOptions & { regions?: Span[]; durationMs: number }): Promise<Transcript> {
    const { signal, onProgress } = options;
    const empty: Transcript = { engine: this.engine, model: this.model, words: [], confidence: null, language: null };
    const regions = speechRegions(options.durationMs, options.regions, this.#o.plan);
    if (!regions.length) return empty;
    signal?.throwIfAborted();
    await this.#checkModel();
    onProgress?.(0);
    const work = await this.#scratchDir();
    try {
      // One decode of the stretch from the first region to the last; the regions are cut from it in Node.
      const from = regions[0]!.startMs;
      const whole = join(work.dir, 'audio.wav');
      await extractSpeechAudio(this.#o.ffmpegPath ?? 'ffmpeg', mediaPath, whole, { format: 'wav', startMs: from, durationMs: regions.at(-1)!.endMs - from, signal });
      const shifted = regions.map((r) => ({ startMs: r.startMs - from, endMs: r.endMs - from }));
      const chunks = planChunks(shifted, this.#o.plan);
      const totalMs = chunks.reduce((s, c) => s + c.speechMs, 0);
      let doneMs = 0;
      onProgress?.(5);
      const results = await pool(chunks, this.#o.threads ?? 1, async (chunk, i) => {
        const words = await this.#decode(whole, chunk, join(work.dir, `chunk-${i}.wav`), signal);
        doneMs += chunk.speechMs;
        onProgress?.(Math.min(99, 5 + Math.floor((95 * doneMs) / totalMs)));
        return words.map((w) => ({ ...w, startMs: w.startMs + from, endMs: w.endMs + from }));
      });
      const words = results.flat().sort((a, b) => a.startMs - b.startMs);
      onProgress?.(100);
      const confidence = words.length ? words.reduce((s, w) => s + (w.conf ?? 0), 0) / words.length : null;
      return { ...empty, words, confidence, language: 'en' };
    } finally {
      await work.dispose();
    }
  }

  async #decode(whole: string, chunk: Chunk, wav: string, signal: AbortSignal | undefined): Promise<TimedWord[]> {
    await writeChunkWav(whole, chunk, wav);
    const decode = this.#o.phones ? this.#phoneArgs() : [...this.#modelArgs(), ...(this.#o.searchArgs ?? SEARCH_ARGS)];
    const { stdout } = await runTool(this.#o.binPath ?? 'pocketsphinx_continuous', ['-infile', wav, '-time', 'yes', ...decode], {
      cwd: dirname(wav), signal, hidePaths: [wav],
    });
    const units = parseWords(stdout).filter((w) => !(this.#o.phones && w.w === 'SIL'));
    return units.map((w) => ({ w: w.w, ...toMediaTime(chunk, w.startMs, w.endMs), conf: w.conf }));
  }

  #phoneArgs(): string[] {
    const dir = this.#o.modelDir ? resolve(this.#o.modelDir) : null;
    return ['-allphone', dir ? join(dir, 'en-us-phone.lm.bin') : DEBIAN_PHONE_LM, ...(dir ? ['-hmm', join(dir, 'en-us')] : []), ...(this.#o.phoneArgs ?? PHONE_ARGS)];
  }

  #modelArgs(): string[] {
    const dir = this.#o.modelDir;
    if (!dir) return [];
    const abs = resolve(dir);
    return ['-hmm', join(abs, 'en-us'), '-lm', join(abs, 'en-us.lm.bin'), '-dict', join(abs, 'cmudict-en-us.dict')];
  }

  /** A missing model is an installation problem, like a missing binary (as in the whisper.cpp adapter). */
  async #checkModel(): Promise<void> {
    if (!this.#o.modelDir) return;
    const mdef = await stat(join(resolve(this.#o.modelDir), 'en-us', 'mdef')).catch(() => null);
    if (!mdef?.isFile()) throw new AppError('media.tool_missing', 'pocketsphinx en-us model not found in modelDir', { tool: 'pocketsphinx', model: this.model });
  }

  #scratchDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
    return this.#o.scratch.create('pocketsphinx');
  }
}
