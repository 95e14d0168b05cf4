import type { Asset } from '@cutaway/shared';

/**
 * Version chains over the asset catalog: v1 plus every asset whose `versionOf` is v1's id.
 * Numbering is the store's job so two edits pushed at once never get the same number.
 */
export interface AssetVersionStore {
  /**
   * Inserts `asset` as the next version of the chain that starts at `firstId`, atomically:
   * `version` becomes max(version in the chain) + 1 and `versionOf` becomes `firstId`.
   * `asset.not_found` when `firstId` does not exist.
   */
  createVersion(asset: Asset, firstId: string): Promise<Asset>;
  /** Every member of the chains that start at these ids (v1s included), ordered by chain, then version. */
  chains(firstIds: readonly string[]): Promise<Asset[]>;
}
