import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { AiCallOptions, TextEmbedder } from '../../ports/ai';
import { USE_DIMENSIONS, UseModel } from './use-model';
import { acquireWorker, findWorkerEntry, type EmbedWorker, type WorkerEntry } from './worker-client';

export interface UseTextEmbedderOptions {
  /**
   * 'worker' (default): the model runs in a worker_thread. A graph run blocks its thread for the
   * whole batch (measured on the busy 2-core box: 0.4 s for 8 texts, 0.9 s for 32, 1.5 s for 64),
   * which the API process, whose job worker runs in-process, cannot afford. 'inline': this thread, for a CLI or
   * a process that does nothing else; it yields to the event loop between batches only.
   */
  thread?: 'worker' | 'inline';
  /**
   * Texts per graph run (default 16): per-text cost stops falling past ~16 (~11 ms of CPU against
   * ~25 ms alone), and in worker mode a query waits for at most one batch in flight.
   */
  batchSize?: number;
  log?: Logger;
  /** Test seam: the worker script to run; defaults to findWorkerEntry(). */
  workerEntry?: WorkerEntry | null;
}

/** Calls this small (a search query) overtake queued bulk batches in worker mode. */
const URGENT_MAX_TEXTS = 4;

/**
 * Universal Sentence Encoder (512-d, unit-length) on the tfjs wasm backend, from weights on disk.
 * Nothing loads until the first embed (or warmUp); concurrent first calls share one load.
 */
export class UseTextEmbedder implements TextEmbedder {
  readonly engine = 'use-tfjs-wasm';
  readonly model = 'universal-sentence-encoder';
  readonly dimensions = USE_DIMENSIONS;
  readonly thread: 'worker' | 'inline';
  readonly #batchSize: number;
  readonly #log: Logger | undefined;
  readonly #worker: EmbedWorker | null;
  readonly #release: () => Promise<void>;
  #loadedInline: Promise<UseModel> | null = null;
  #closed = false;

  constructor(opts: UseTextEmbedderOptions = {}) {
    this.#batchSize = Math.max(1, Math.floor(opts.batchSize ?? 16));
    this.#log = opts.log;
    const wanted = opts.thread ?? 'worker';
    const entry = wanted === 'worker' ? (opts.workerEntry === undefined ? findWorkerEntry() : opts.workerEntry) : null;
    if (wanted === 'worker' && !entry) {
      this.#log?.warn('use-worker script not found (build must emit use-worker.js beside the bundle); embedding inline');
    }
    this.thread = entry ? 'worker' : 'inline';
    const acquired = entry ? acquireWorker(entry, (loadMs) => this.#logLoaded(loadMs)) : null;
    this.#worker = acquired?.worker ?? null;
    this.#release = acquired?.release ?? (async () => {});
  }

  async embed(texts: readonly string[], options: AiCallOptions = {}): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const urgent = texts.length <= URGENT_MAX_TEXTS;
    options.onProgress?.(0);
    for (let i = 0; i < texts.length; i += this.#batchSize) {
      options.signal?.throwIfAborted();
      out.push(...(await this.#run(texts.slice(i, i + this.#batchSize), urgent)));
      options.onProgress?.(Math.round((100 * out.length) / texts.length));
    }
    if (texts.length === 0) options.onProgress?.(100);
    return out;
  }

  /** Starts loading the model now (e.g. at start-up) instead of on the first embed. */
  async warmUp(): Promise<void> {
    await this.#run(['warm up'], true);
  }

  /** Releases the shared worker thread (stopped when no embedder uses it). Call once, at shutdown. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#release();
  }

  async #run(texts: string[], urgent: boolean): Promise<Float32Array[]> {
    if (this.#closed) throw new AppError('ai.unavailable', 'Sentence encoder closed');
    if (this.#worker) return this.#worker.run(texts, urgent);
    this.#loadedInline ??= UseModel.load().then(
      ({ model, loadMs }) => {
        this.#logLoaded(loadMs);
        return model;
      },
      (err: unknown) => {
        this.#loadedInline = null;
        throw new AppError('ai.unavailable', `Sentence encoder failed to load: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
      },
    );
    const model = await this.#loadedInline;
    await yieldToLoop(); // let I/O in between batches
    return model.embed(texts);
  }

  #logLoaded(loadMs: number): void {
    this.#log?.info({ engine: this.engine, thread: this.thread, loadMs }, 'sentence encoder loaded');
  }
}
