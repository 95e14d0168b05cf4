import type { Asset, AssetListQuery, AssetPage, EnrichStep, EnrichStepState } from '@cutaway/shared';

export type AssetChanges = Partial<Omit<Asset, 'id' | 'createdAt' | 'updatedAt'>>;

/** The catalog of assets. Implemented on SQLite and (later) PostgreSQL; one contract suite runs on both. */
export interface AssetStore {
  create(asset: Asset): Promise<void>;
  get(id: string): Promise<Asset | null>;
  getMany(ids: readonly string[]): Promise<Asset[]>;
  findBySha256(sha256: string): Promise<Asset | null>;
  list(query: AssetListQuery): Promise<AssetPage>;
  /** Applies `changes`, bumps updatedAt and returns the new asset; `asset.not_found` if it is gone. */
  update(id: string, changes: AssetChanges): Promise<Asset>;
  /**
   * Merges one enrichment step's state atomically (read-modify-write in one transaction),
   * so steps finishing at the same time in different workers never overwrite each other.
   */
  updateEnrichment(id: string, step: EnrichStep, patch: Partial<EnrichStepState>): Promise<Asset>;
  /** True when a row was removed. */
  delete(id: string): Promise<boolean>;
}
