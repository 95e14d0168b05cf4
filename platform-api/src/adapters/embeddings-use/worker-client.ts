import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@cutaway/shared';
import type { EmbedRequest, WorkerMessage } from './protocol';
import { USE_DIMENSIONS } from './use-model';

/** How to start the worker: a script file, or (for TypeScript sources) a bootstrap evaluated as code. */
export interface WorkerEntry {
  script: URL | string;
  eval: boolean;
}

/**
 * Where the worker script is: `use-worker.js` beside the running module (a build that emits it),
 * else `use-worker.ts` through tsx's require hook (tsx dev runs and vitest; on Node 20 an
 * `--import tsx` in a worker's execArgv does not reach the worker's ESM loader). null when
 * neither exists, e.g. in the single-file esbuild bundle unless build.mjs also emits use-worker.js.
 */
export function findWorkerEntry(): WorkerEntry | null {
  const js = new URL('./use-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const ts = fileURLToPath(new URL('./use-worker.ts', import.meta.url));
  if (!existsSync(ts)) return null;
  try {
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs');
    return { script: `require(${JSON.stringify(tsxCjs)}); require(${JSON.stringify(ts)});`, eval: true };
  } catch {
    return null; // tsx is a dev dependency
  }
}

interface Pending {
  texts: string[];
  urgent: boolean;
  resolve: (v: Float32Array[]) => void;
  reject: (e: unknown) => void;
}

/**
 * One worker thread running the model, fed one request at a time so that urgent requests
 * (a search query) overtake queued bulk chunks: a query waits for at most the chunk in flight.
 * A crashed or failed worker fails what it held and is respawned by the next call.
 */
export class EmbedWorker {
  #worker: Worker | null = null;
  #ready = false;
  #queue: Pending[] = [];
  #inflight: { id: number; job: Pending } | null = null;
  #nextId = 1;

  /** Told the load time once the model is up (each time a worker is (re)started). */
  readonly loadListeners = new Set<(loadMs: number) => void>();

  constructor(private readonly entry: WorkerEntry) {}

  run(texts: string[], urgent: boolean): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      const job = { texts, urgent, resolve, reject };
      // Urgent jobs go after other urgent ones but before every bulk chunk.
      const at = urgent ? this.#queue.findIndex((j) => !j.urgent) : -1;
      if (at < 0) this.#queue.push(job);
      else this.#queue.splice(at, 0, job);
      this.#start().ref();
      this.#pump();
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#fail(new AppError('ai.unavailable', 'Embedding worker closed'), w);
    if (w) await w.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(this.entry.script, { eval: this.entry.eval });
    w.on('message', (msg: WorkerMessage) => this.#onMessage(w, msg));
    w.on('error', (err) => this.#fail(new AppError('ai.unavailable', `Embedding worker crashed: ${err.message}`, undefined, { cause: err }), w));
    w.on('exit', (code) => this.#fail(new AppError('ai.unavailable', `Embedding worker exited (${code})`), w));
    this.#worker = w;
    this.#ready = false;
    return w;
  }

  #onMessage(w: Worker, msg: WorkerMessage): void {
    if (w !== this.#worker) return;
    if (msg.type === 'ready') {
      this.#ready = true;
      for (const listener of this.loadListeners) listener(msg.loadMs);
    } else if (msg.type === 'load-failed') {
      this.#fail(new AppError('ai.unavailable', `Sentence encoder failed to load: ${msg.message}`), w);
      void w.terminate();
      return;
    } else if (this.#inflight?.id === msg.id) {
      const { job } = this.#inflight;
      this.#inflight = null;
      if (msg.type === 'error') job.reject(new AppError('ai.bad_response', `Sentence encoder failed: ${msg.message}`));
      else job.resolve(split(msg.data, msg.count));
    }
    this.#pump();
  }

  #pump(): void {
    const w = this.#worker;
    if (!w || !this.#ready || this.#inflight) return;
    const job = this.#queue.shift();
    if (!job) {
      w.unref(); // idle: the model stays loaded but does not keep the process alive
      return;
    }
    this.#inflight = { id: this.#nextId++, job };
    const req: EmbedRequest = { id: this.#inflight.id, texts: job.texts };
    w.postMessage(req);
  }

  /** Fails everything held by worker `w` (if it is still the current one) and forgets it. */
  #fail(err: AppError, w: Worker | null): void {
    if (w !== this.#worker) return;
    const jobs = [...(this.#inflight ? [this.#inflight.job] : []), ...this.#queue];
    this.#worker = null;
    this.#ready = false;
    this.#inflight = null;
    this.#queue = [];
    for (const j of jobs) j.reject(err);
  }
}

/**
 * One worker per script per process, shared by every embedder that uses it: one model load and
 * one tfjs instance however many UseTextEmbedders the composition root makes. The last release
 * stops the thread.
 */
const shared = new Map<string, { worker: EmbedWorker; users: number }>();

export function acquireWorker(entry: WorkerEntry, onLoaded: (loadMs: number) => void): { worker: EmbedWorker; release: () => Promise<void> } {
  const key = String(entry.script);
  const slot = shared.get(key) ?? { worker: new EmbedWorker(entry), users: 0 };
  shared.set(key, slot);
  slot.users++;
  slot.worker.loadListeners.add(onLoaded);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    slot.worker.loadListeners.delete(onLoaded);
    if (--slot.users > 0) return;
    shared.delete(key);
    await slot.worker.close();
  };
  return { worker: slot.worker, release };
}

function split(data: Float32Array, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => data.slice(i * USE_DIMENSIONS, (i + 1) * USE_DIMENSIONS));
}
