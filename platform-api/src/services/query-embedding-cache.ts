import type { AiCallOptions, TextEmbedder } from '../ports/ai';

/** Distinct query texts kept: 512 × 512-d float32 = 1 MiB. */
const DEFAULT_CAPACITY = 512;

/**
 * Query embeddings, remembered (least recently used out first). A search embeds its query on every
 * request, and the same query comes back often: the next page, a changed filter, the panel and the
 * MOS plug-in asking for the same story. One USE run costs ~10–25 ms of CPU, most of the 30 ms budget
 * of issue 14, and under ingest it waits behind a bulk batch in the encoder thread; a cached vector
 * costs nothing. Only single-text calls are cached (a query); batches pass through. Concurrent calls
 * for one text share one run.
 */
export class QueryEmbeddingCache implements TextEmbedder {
  readonly engine: string;
  readonly model: string;
  readonly dimensions: number;
  readonly #lru = new Map<string, Promise<Float32Array>>();

  constructor(
    private readonly embedder: TextEmbedder,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    this.engine = embedder.engine;
    this.model = embedder.model;
    this.dimensions = embedder.dimensions;
  }

  async embed(texts: readonly string[], options?: AiCallOptions): Promise<Float32Array[]> {
    if (texts.length !== 1) return this.embedder.embed(texts, options);
    const text = texts[0]!;
    let vector = this.#lru.get(text);
    if (vector) {
      this.#lru.delete(text);
      this.#lru.set(text, vector);
      return [await vector];
    }
    vector = this.embedder.embed([text], options).then(([v]) => {
      if (!v) throw new Error('the embedder returned no vector');
      return v;
    });
    this.#lru.set(text, vector);
    // A failed or aborted run is not remembered: the next request tries again.
    vector.catch(() => this.#lru.get(text) === vector && this.#lru.delete(text));
    while (this.#lru.size > this.capacity) this.#lru.delete(this.#lru.keys().next().value!);
    return [await vector];
  }
}
