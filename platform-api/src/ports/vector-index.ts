import type { MomentKind } from '@cutaway/shared';

/** One embedded time range of an asset (a segment's text, a shot's caption…). */
export interface VectorItem {
  startMs: number;
  endMs: number;
  kind: MomentKind;
  vector: Float32Array;
}

export interface VectorSearchOptions {
  /** Hits to return, best first. */
  k: number;
  kinds?: MomentKind[];
  /** Candidate restriction from the filters or the lexical stage: only these assets are scanned. */
  assetIds?: string[];
}

export interface VectorHit {
  assetId: string;
  startMs: number;
  endMs: number;
  kind: MomentKind;
  /** Cosine similarity to the query, -1…1. */
  score: number;
}

/**
 * Nearest-neighbour search over segment embeddings of one model (the adapter is built for one
 * embedder's model and dimensions; vectors of another length are rejected).
 */
export interface VectorIndex {
  /** Replaces every vector of `assetId` written by `source` with `items` (re-running a step is idempotent). */
  upsert(assetId: string, source: string, items: VectorItem[]): Promise<void>;
  deleteAsset(assetId: string): Promise<void>;
  search(query: Float32Array, options: VectorSearchOptions): Promise<VectorHit[]>;
  /** Vectors searchable now. */
  count(): Promise<number>;
}
