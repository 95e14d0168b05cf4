import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { AiCallOptions, SpeechToText, TimedWord, Transcript } from '../../ports/ai';
import type { ScratchSpace } from '../../ports/scratch-space';
import { BYTES_PER_SECOND, MIME, extractSpeechAudio, type SpeechAudioFormat } from './audio';
import { planChunks } from './chunks';
import type { OpenAiHttp } from './http';
import { VerboseTranscriptionSchema } from './schemas';
import { meanConfidence, wordsFromVerbose } from './transcript-map';

export interface OpenAiSpeechOptions {
  http: OpenAiHttp;
  /** e.g. 'whisper-1', 'Systran/faster-whisper-small'. Must support verbose_json with word timestamps. */
  model: string;
  /** Longest piece sent in one request (default 600 s); also capped so a piece fits `maxUploadBytes`. */
  maxChunkSeconds?: number;
  /** Overlap between fixed cuts, de-duplicated at its midpoint (default 2 s). */
  overlapSeconds?: number;
  ffmpegPath?: string;
  format?: SpeechAudioFormat;
  /** OpenAI rejects files over 25 MB; so do most servers copying its API. */
  maxUploadBytes?: number;
  /** ISO-639-1 hint (e.g. 'en'); the server detects the language when absent. */
  language?: string;
  /** Per-attempt timeout of one chunk's request (default 5 min: long audio, slow CPU servers). */
  requestTimeoutMs?: number;
  /** Where chunk files go; a private folder under the OS temp dir when absent. */
  /** Scratch under the data dir (swept at start), never the system temp dir, which a kill -9 would litter for ever. */
  scratch: ScratchSpace;
}

const DEFAULT_UPLOAD_LIMIT = 25 * 1024 * 1024;

/** Speech-to-text through `POST /audio/transcriptions` of any OpenAI-compatible server. */
export class OpenAiSpeechToText implements SpeechToText {
  readonly engine = 'openai-compatible';
  readonly model: string;
  readonly #o: Required<Pick<OpenAiSpeechOptions, 'ffmpegPath' | 'format' | 'maxUploadBytes' | 'requestTimeoutMs'>> & OpenAiSpeechOptions;
  readonly #maxChunkMs: number;

  constructor(opts: OpenAiSpeechOptions) {
    this.model = opts.model;
    // Field by field: `{ ffmpegPath: undefined }` from a config must not erase a default.
    this.#o = {
      ...opts,
      ffmpegPath: opts.ffmpegPath ?? 'ffmpeg',
      format: opts.format ?? 'flac',
      maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT,
      requestTimeoutMs: opts.requestTimeoutMs ?? 300_000,
    };
    // Worst-case bytes per second with 5% for container overhead: a chunk can never exceed the limit.
    const fitsMs = Math.floor(((this.#o.maxUploadBytes * 0.95) / BYTES_PER_SECOND[this.#o.format]) * 1000);
    this.#maxChunkMs = Math.min((opts.maxChunkSeconds ?? 600) * 1000, fitsMs);
  }

  async transcribe(
    mediaPath: string,
    options: AiCallOptions & { regions?: Array<{ startMs: number; endMs: number }>; durationMs: number },
  ): Promise<Transcript> {
    const { signal, onProgress } = options;
    const chunks = planChunks({
      durationMs: options.durationMs,
      maxChunkMs: this.#maxChunkMs,
      overlapMs: (this.#o.overlapSeconds ?? 2) * 1000,
      regions: options.regions,
    });
    onProgress?.(0);
    const words: TimedWord[] = [];
    let language: string | null = null;
    const work = await this.#scratchDir();
    try {
      for (const [i, chunk] of chunks.entries()) {
        const file = join(work.dir, `chunk-${i}.${this.#o.format}`);
        await extractSpeechAudio(this.#o.ffmpegPath, mediaPath, file, {
          format: this.#o.format, startMs: chunk.startMs, durationMs: chunk.endMs - chunk.startMs, signal,
        });
        const res = await this.#upload(file, signal);
        await rm(file, { force: true });
        language ??= res.language?.trim() || null;
        words.push(...wordsFromVerbose(res, chunk));
        onProgress?.(Math.round((100 * (i + 1)) / chunks.length));
      }
    } finally {
      await work.dispose();
    }
    words.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    if (chunks.length === 0) onProgress?.(100);
    return { engine: this.engine, model: this.model, words, confidence: meanConfidence(words), language };
  }

  async #upload(file: string, signal: AbortSignal | undefined) {
    const { size } = await stat(file);
    if (size > this.#o.maxUploadBytes) {
      throw new AppError('media.process_failed', `Speech chunk is ${size} bytes, over the ${this.#o.maxUploadBytes}-byte upload limit`, { size });
    }
    const blob = new Blob([await readFile(file)], { type: MIME[this.#o.format] });
    const form = () => {
      const f = new FormData();
      f.append('file', blob, `audio.${this.#o.format}`);
      f.append('model', this.model);
      f.append('response_format', 'verbose_json');
      // Both granularities: words give the times, segments give avg_logprob for confidences.
      f.append('timestamp_granularities[]', 'word');
      f.append('timestamp_granularities[]', 'segment');
      if (this.#o.language) f.append('language', this.#o.language);
      f.append('temperature', '0');
      return f;
    };
    return this.#o.http.post('/audio/transcriptions', form, VerboseTranscriptionSchema, { signal, timeoutMs: this.#o.requestTimeoutMs });
  }

  #scratchDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
    return this.#o.scratch.create('speech');
  }
}
