import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@cutaway/shared';
import type { RawFace, RawObject, VisionMessage, VisionRequest } from './protocol';

interface Entry {
  script: URL | string;
  eval: boolean;
}

/** `vision-worker.js` beside this module (a build that emits it), else the .ts through tsx (dev, vitest); as in embeddings-use. */
export function findVisionWorkerEntry(): Entry | null {
  const js = new URL('./vision-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const ts = fileURLToPath(new URL('./vision-worker.ts', import.meta.url));
  if (!existsSync(ts)) return null;
  try {
    const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs');
    return { script: `require(${JSON.stringify(tsxCjs)}); require(${JSON.stringify(ts)});`, eval: true };
  } catch {
    return null;
  }
}

type Result = { faces: RawFace[]; objects: RawObject[] };
interface Pending {
  req: Omit<VisionRequest, 'id'>;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  inflight: { id: number; job: Pending } | null;
}

/**
 * A fixed number of worker threads, each with its own model (tfjs wasm runs on one core, so one
 * thread per core is the most that helps). Requests queue here and go to the first idle thread.
 * A thread that crashes fails only what it held and is replaced on the next request.
 */
export class VisionWorkerPool {
  #slots: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;
  /** Load time of each started thread (for logs and the bench). */
  readonly loads: number[] = [];

  constructor(
    private readonly entry: Entry,
    private readonly size: number,
  ) {}

  run(req: Omit<VisionRequest, 'id'>): Promise<Result> {
    if (this.#closed) return Promise.reject(new AppError('ai.unavailable', 'Vision workers closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ req, resolve, reject });
      this.#grow();
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const err = new AppError('ai.unavailable', 'Vision workers closed');
    for (const job of this.#queue.splice(0)) job.reject(err);
    await Promise.all(this.#slots.splice(0).map((s) => (s.inflight?.job.reject(err), s.worker.terminate())));
  }

  #grow(): void {
    const available = this.#slots.filter((s) => !s.ready || !s.inflight).length; // idle or still loading
    if (this.#slots.length >= this.size || this.#queue.length <= available) return;
    const worker = new Worker(this.entry.script, { eval: this.entry.eval });
    const slot: Slot = { worker, ready: false, inflight: null };
    worker.on('message', (msg: VisionMessage) => this.#onMessage(slot, msg));
    worker.on('error', (err) => this.#drop(slot, new AppError('ai.unavailable', `Vision worker crashed: ${err.message}`, undefined, { cause: err })));
    worker.on('exit', (code) => this.#drop(slot, new AppError('ai.unavailable', `Vision worker exited (${code})`)));
    this.#slots.push(slot);
  }

  #onMessage(slot: Slot, msg: VisionMessage): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.loads.push(msg.loadMs);
    } else if (msg.type === 'load-failed') {
      this.#drop(slot, new AppError('ai.unavailable', `Vision model failed to load: ${msg.message}`), true);
      void slot.worker.terminate();
      return;
    } else if (slot.inflight?.id === msg.id) {
      const { job } = slot.inflight;
      slot.inflight = null;
      if (msg.type === 'error') job.reject(new AppError('ai.bad_response', `Vision model failed: ${msg.message}`));
      else job.resolve({ faces: msg.faces, objects: msg.objects });
    }
    this.#pump();
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.inflight) continue;
      const job = this.#queue.shift();
      if (!job) break;
      slot.inflight = { id: this.#nextId++, job };
      slot.worker.ref();
      slot.worker.postMessage({ ...job.req, id: slot.inflight.id } satisfies VisionRequest, [job.req.rgb.buffer as ArrayBuffer]);
    }
    // Idle threads keep their model loaded but do not keep the process alive.
    for (const slot of this.#slots) if (slot.ready && !slot.inflight) slot.worker.unref();
  }

  /** Forgets a thread; with `all`, a load failure fails the queue too (every thread would fail the same way). */
  #drop(slot: Slot, err: AppError, all = false): void {
    const at = this.#slots.indexOf(slot);
    if (at < 0) return;
    this.#slots.splice(at, 1);
    slot.inflight?.job.reject(err);
    if (all && this.#slots.length === 0) for (const job of this.#queue.splice(0)) job.reject(err);
    else if (this.#queue.length) this.#grow();
  }
}
