import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AiCallOptions, SpeechToText, TimedWord, Transcript } from '../../ports/ai';
import type { ScratchSpace } from '../../ports/scratch-space';
import { runTool } from '../ffmpeg/run';
import { extractSpeechAudio } from '../openai-compatible/audio';
import { parseWords } from './output';
import { pool } from './pool';
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
  scratch?: ScratchSpace;
  /** Replaces the default search limits (SEARCH_ARGS), e.g. `[]` for pocketsphinx's own defaults. */
  searchArgs?: readonly string[];
  plan?: PlanOptions;
}

/**
 * Bounds on the search: at most 3000 active HMMs and 5 word exits per frame. On espeak-ng news
 * speech this halved pocketsphinx's CPU (0.36 → 0.18 CPU-s per speech-s, model load excluded)
 * with the same words found; the defaults (-1, 10) let the beam alone decide. See the pocketsphinx
 * `-maxhmmpf`/`-maxwpf` help and bench/enrich.bench.ts.
 */
export const SEARCH_ARGS = ['-maxhmmpf', '3000', '-maxwpf', '5'] as const;

/**
 * Local speech-to-text with CMU pocketsphinx (media-pipeline.md: the only offline engine in
 * Debian 12 with a bundled model; WER 32–59 %, word starts within ~20 ms). Its transcripts are for
 * search, not publication. Only the speech regions are decoded: they are cut from one 16 kHz
 * extraction and laid end to end (with silence between) in one WAV per chunk, so one process
 * loads the model once for many regions; word times are mapped back to media time.
 */
export class PocketsphinxSpeechToText implements SpeechToText {
  readonly engine = 'pocketsphinx';
  readonly model = 'en-us';
  readonly #o: PocketsphinxOptions;

  constructor(options: PocketsphinxOptions = {}) {
    this.#o = options;
  }

  async transcribe(mediaPath: string, options: AiCallOptions & { regions?: Span[]; durationMs: number }): Promise<Transcript> {
    const { signal, onProgress } = options;
    const empty: Transcript = { engine: this.engine, model: this.model, words: [], confidence: null, language: null };
    const regions = speechRegions(options.durationMs, options.regions, this.#o.plan);
    if (!regions.length) return empty;
    signal?.throwIfAborted();
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
    const { stdout } = await runTool(this.#o.binPath ?? 'pocketsphinx_continuous', ['-infile', wav, '-time', 'yes', ...this.#modelArgs(), ...(this.#o.searchArgs ?? SEARCH_ARGS)], {
      cwd: dirname(wav), signal, hidePaths: [wav],
    });
    return parseWords(stdout).map((w) => ({ w: w.w, ...toMediaTime(chunk, w.startMs, w.endMs), conf: w.conf }));
  }

  #modelArgs(): string[] {
    const dir = this.#o.modelDir;
    if (!dir) return [];
    const abs = resolve(dir);
    return ['-hmm', join(abs, 'en-us'), '-lm', join(abs, 'en-us.lm.bin'), '-dict', join(abs, 'cmudict-en-us.dict')];
  }

  async #scratchDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
    if (this.#o.scratch) return this.#o.scratch.create('pocketsphinx');
    const dir = await mkdtemp(join(tmpdir(), 'cutaway-pocketsphinx-'));
    return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
}
