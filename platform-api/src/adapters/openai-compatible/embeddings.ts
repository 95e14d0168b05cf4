import { AppError } from '@cutaway/shared';
import type { AiCallOptions, TextEmbedder } from '../../ports/ai';
import type { OpenAiHttp } from './http';
import { EmbeddingsSchema } from './schemas';

export interface OpenAiEmbedderOptions {
  http: OpenAiHttp;
  /** e.g. 'text-embedding-3-small', or whatever name a llama.cpp server was started with. */
  model: string;
  /**
   * Length of every vector. Required because the search index is built for one size before the
   * first call; a server answering with another length is an error, not a surprise.
   */
  dimensions: number;
  /** Texts per request (default 64); OpenAI accepts up to 2048 but large batches make large retries. */
  batchSize?: number;
  /**
   * Also send `dimensions` in the request, for models that can shorten their vectors
   * (text-embedding-3-*). Off by default: older models and many local servers reject it.
   */
  sendDimensions?: boolean;
}

/** Embeddings through `POST /embeddings` of any OpenAI-compatible server. */
export class OpenAiTextEmbedder implements TextEmbedder {
  readonly engine = 'openai-compatible';
  readonly model: string;
  readonly dimensions: number;
  readonly #http: OpenAiHttp;
  readonly #batchSize: number;
  readonly #sendDimensions: boolean;

  constructor(opts: OpenAiEmbedderOptions) {
    if (!Number.isInteger(opts.dimensions) || opts.dimensions <= 0) {
      throw new AppError('config.invalid', `Embedding dimensions must be a positive integer, got ${opts.dimensions}`);
    }
    this.model = opts.model;
    this.dimensions = opts.dimensions;
    this.#http = opts.http;
    this.#batchSize = Math.max(1, Math.floor(opts.batchSize ?? 64));
    this.#sendDimensions = opts.sendDimensions ?? false;
  }

  async embed(texts: readonly string[], options: AiCallOptions = {}): Promise<Float32Array[]> {
    // OpenAI rejects an empty string outright; failing here names the culprit instead.
    const empty = texts.findIndex((t) => t.trim() === '');
    if (empty >= 0) throw new AppError('request.invalid', `Cannot embed an empty text (index ${empty})`, { index: empty });
    const out: Float32Array[] = [];
    options.onProgress?.(0);
    for (let i = 0; i < texts.length; i += this.#batchSize) {
      out.push(...(await this.#batch(texts.slice(i, i + this.#batchSize), options.signal)));
      options.onProgress?.(Math.round((100 * out.length) / texts.length));
    }
    if (texts.length === 0) options.onProgress?.(100);
    return out;
  }

  async #batch(input: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const body = { model: this.model, input, ...(this.#sendDimensions ? { dimensions: this.dimensions } : {}) };
    const res = await this.#http.post('/embeddings', body, EmbeddingsSchema, { signal });
    const bad = (why: string) => new AppError('ai.bad_response', `AI provider answered /embeddings ${why}`, { endpoint: '/embeddings', model: this.model });
    if (res.data.length !== input.length) throw bad(`with ${res.data.length} vectors for ${input.length} texts`);
    // `data` is not promised in input order; `index` is what ties a vector to its text.
    const sorted = [...res.data].sort((a, b) => a.index - b.index);
    return sorted.map((item, i) => {
      if (item.index !== i) throw bad(`with indexes that do not match the inputs (missing ${i})`);
      if (item.embedding.length !== this.dimensions) throw bad(`with ${item.embedding.length} dimensions, configured ${this.dimensions}`);
      return normalise(item.embedding, bad);
    });
  }
}

/** Unit length, so a dot product is the cosine similarity the search index assumes. */
function normalise(v: number[], bad: (why: string) => AppError): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm) || norm === 0) throw bad('with a zero or non-finite vector');
  return Float32Array.from(v, (x) => x / norm);
}
