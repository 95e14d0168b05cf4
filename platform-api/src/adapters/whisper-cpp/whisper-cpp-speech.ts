import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { AiCallOptions, SpeechToText, Transcript } from '../../ports/ai';
import type { ScratchSpace } from '../../ports/scratch-space';
import { runTool, toolReason } from '../ffmpeg/run';
import { extractSpeechAudio } from '../openai-compatible/audio';
import { meanConfidence } from '../openai-compatible/transcript-map';
import { WhisperJsonSchema, parseWhisperJson, wordsFromWhisperJson } from './json';

export interface WhisperCppOptions {
  /** The whisper.cpp CLI (`whisper-cli`; `main` in releases before 1.7). */
  binPath: string;
  /** A ggml model file, e.g. `ggml-base.en.bin`; its file name is reported as the model. */
  modelPath: string;
  threads?: number;
  ffmpegPath?: string;
  /** Spoken language, or 'auto' (default) to let multilingual models detect it. */
  language?: string;
  /** Scratch under the data dir (swept at start), never the system temp dir, which a kill -9 would litter for ever. */
  scratch: ScratchSpace;
}

type Span = { startMs: number; endMs: number };

/** Speech margin around silence-detection regions, so onsets and tails are not clipped. */
const PAD_MS = 250;

/**
 * Offline speech-to-text with a whisper.cpp binary and model the operator installed. One run
 * per call: whisper.cpp walks long audio in 30 s windows itself, and loading the model per
 * chunk would cost more than it saves.
 */
export class WhisperCppSpeechToText implements SpeechToText {
  readonly engine = 'whisper.cpp';
  readonly model: string;
  readonly #o: WhisperCppOptions;

  constructor(opts: WhisperCppOptions) {
    this.#o = opts;
    this.model = basename(opts.modelPath);
  }

  async transcribe(mediaPath: string, options: AiCallOptions & { regions?: Span[]; durationMs: number }): Promise<Transcript> {
    const { signal, onProgress } = options;
    const empty: Transcript = { engine: this.engine, model: this.model, words: [], confidence: null, language: null };
    const span = speechSpan(options.durationMs, options.regions);
    if (!span) return empty;
    await this.#checkModel();
    onProgress?.(0);
    const work = await this.#scratchDir();
    try {
      const wav = join(work.dir, 'speech.wav');
      const outBase = join(work.dir, 'speech');
      // Regions limit the work to the stretch from the first speech to the last.
      await extractSpeechAudio(this.#o.ffmpegPath ?? 'ffmpeg', mediaPath, wav, {
        format: 'wav', startMs: span.startMs, durationMs: span.endMs - span.startMs, signal,
      });
      onProgress?.(10);
      const { stderr } = await runTool(this.#o.binPath, this.#args(wav, outBase), {
        signal, hidePaths: [resolve(mediaPath), wav, outBase, resolve(this.#o.modelPath)],
      });
      const json = await this.#readJson(`${outBase}.json`, stderr);
      const inRegions = (w: Span) => !options.regions || options.regions.some((r) => w.endMs >= r.startMs - PAD_MS && w.startMs <= r.endMs + PAD_MS);
      // Whisper invents words over long silences; drop any that fall outside detected speech.
      const words = wordsFromWhisperJson(json, span.startMs).filter(inRegions);
      onProgress?.(100);
      return { ...empty, words, confidence: meanConfidence(words), language: json.result?.language?.trim() || null };
    } finally {
      await work.dispose();
    }
  }

  #args(wav: string, outBase: string): string[] {
    return [
      '-m', this.#o.modelPath,
      '-f', wav,
      '-l', this.#o.language ?? 'auto',
      // One word per segment, split at word (not token) boundaries: per-word times.
      '-ml', '1', '-sow',
      // Full JSON adds each token's probability, our word confidence.
      '-ojf', '-of', outBase,
      ...(this.#o.threads ? ['-t', String(this.#o.threads)] : []),
    ];
  }

  /**
   * whisper.cpp exits 0 after printing usage for an unknown option (an older build) and after
   * failing to decode an input, so a missing JSON file is the real failure signal.
   */
  async #readJson(path: string, stderr: string) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) {
      throw new AppError('media.process_failed', `whisper.cpp wrote no JSON: ${toolReason(stderr) || 'no reason given'}`, { tool: 'whisper.cpp', stderr });
    }
    let parsed;
    try {
      parsed = WhisperJsonSchema.safeParse(parseWhisperJson(text));
    } catch {
      throw new AppError('media.process_failed', 'whisper.cpp wrote unreadable JSON', { tool: 'whisper.cpp' });
    }
    if (!parsed.success) throw new AppError('media.process_failed', 'whisper.cpp JSON has an unexpected shape', { tool: 'whisper.cpp', issues: parsed.error.issues.slice(0, 5) });
    return parsed.data;
  }

  /** A missing model is an installation problem, like a missing binary, not a failed transcription. */
  async #checkModel(): Promise<void> {
    const s = await stat(this.#o.modelPath).catch(() => null);
    if (!s?.isFile()) throw new AppError('media.tool_missing', `whisper.cpp model ${this.model} not found`, { tool: 'whisper.cpp', model: this.model });
  }

  #scratchDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
    return this.#o.scratch.create('whisper');
  }
}

/** The media span to transcribe: all of it, or first region to last (padded); null when there is no speech. */
function speechSpan(durationMs: number, regions: Span[] | undefined): Span | null {
  if (!regions) return durationMs > 0 ? { startMs: 0, endMs: durationMs } : null;
  const valid = regions.filter((r) => r.endMs > r.startMs);
  if (!valid.length) return null;
  const startMs = Math.max(0, Math.min(...valid.map((r) => r.startMs)) - PAD_MS);
  const endMs = Math.min(durationMs, Math.max(...valid.map((r) => r.endMs)) + PAD_MS);
  return endMs > startMs ? { startMs, endMs } : null;
}
