import type { AssetType, MomentKind, Segment } from '@cutaway/shared';

/** The asset-level fields search needs; kept in step with the catalog by the asset service. */
export interface AssetDoc {
  assetId: string;
  title: string;
  description: string;
  tags: string[];
  fileName: string;
  type: AssetType;
  /** ISO time, for the date-range filter and recency fallback. */
  createdAt: string;
}

export interface IndexQuery {
  /** Raw user query: words ANDed, "quoted phrases", trailing * prefixes. */
  q: string;
  types?: AssetType[];
  kinds?: MomentKind[];
  tags?: string[];
  from?: string;
  to?: string;
  /** Assets per page. */
  limit: number;
  /** Best moments to return per asset. */
  momentsPerAsset: number;
  /** Opaque cursor from a previous result. */
  cursor?: string;
}

export interface IndexMoment {
  kind: MomentKind;
  startMs: number;
  endMs: number;
  text: string;
  /** `text` HTML-escaped with matched terms wrapped in <mark>…</mark>. */
  highlighted: string;
  score: number;
  confidence: number | null;
}

export interface IndexHit {
  assetId: string;
  /** Higher is better. */
  score: number;
  matchedFields: Array<'title' | 'description' | 'tags' | 'fileName'>;
  moments: IndexMoment[];
}

export interface IndexResult {
  hits: IndexHit[];
  nextCursor: string | null;
  plan: 'exact' | 'two_stage' | 'recent';
}

/** Time-coded search over segments plus asset fields (docs/search.md). */
export interface SearchIndex {
  upsertAsset(doc: AssetDoc): Promise<void>;
  /** Replaces every segment of `assetId` written by `source` (re-running a step is idempotent). */
  replaceSegments(assetId: string, source: string, segments: Segment[]): Promise<void>;
  /** `exceptSource` leaves one source's rows out (search reads transcripts without the hidden phonetic rows). */
  listSegments(assetId: string, kind?: MomentKind, options?: ListSegmentsOptions): Promise<Segment[]>;
  /** Removes the asset doc and all its segments. */
  deleteAsset(assetId: string): Promise<void>;
  search(query: IndexQuery): Promise<IndexResult>;
  /**
   * Candidate screening by index tokens (phonetic search's class q-grams, issue 14): for every asset
   * whose segments of `kinds` hold at least one of `tokens` as a word, how many of them it holds.
   * No ranking and no text read: one index lookup per token, so it stays cheap where `search`
   * would score thousands of rows per token.
   */
  tokenCounts(tokens: readonly string[], filter: TokenFilter): Promise<Map<string, number>>;
  /**
   * A stamp per asset that changes whenever its segments are written (replaced or bulk loaded), so a
   * reader may keep what it derived from them (phonetic search's decoded phones) until it changes.
   * Assets with no stamp (no segments written since the stamp exists, or deleted) are left out:
   * nothing may be kept for them.
   */
  segmentStamps(assetIds: readonly string[]): Promise<Map<string, string>>;
}

export interface ListSegmentsOptions {
  exceptSource?: string;
  /** Only this source's rows (phonetic search reads just its hidden rows). */
  onlySource?: string;
}

export type TokenFilter = Pick<IndexQuery, 'types' | 'kinds' | 'tags' | 'from' | 'to'>;
