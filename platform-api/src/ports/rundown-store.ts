import type { Rundown, RundownLink, RundownListQuery, RundownSummary } from '@cutaway/shared';

/**
 * Running orders received from newsroom systems (MOS Profiles 2 and 4). The whole running order is
 * written at once; an index of (asset → rundown, story, item) answers "where is this asset used".
 * Implemented on SQLite and PostgreSQL; test/contract/rundown-store.contract.ts runs on both.
 */
export interface RundownStore {
  /**
   * Inserts the running order or replaces the one with the same (ncsId, roId), keeping its id and
   * createdAt. Returns what is stored now and the asset ids the replaced version used.
   */
  put(rundown: Rundown): Promise<{ rundown: Rundown; previousAssetIds: string[] }>;
  get(id: string): Promise<Rundown | null>;
  findByKey(ncsId: string, roId: string): Promise<Rundown | null>;
  /** Soonest air time first (none last), then slug. */
  list(query: RundownListQuery): Promise<RundownSummary[]>;
  /** The removed running order, or null when there was none. */
  delete(id: string): Promise<Rundown | null>;
  /** Every item that plays this asset, in running-order, story and item order. */
  linksForAsset(assetId: string): Promise<RundownLink[]>;
  /** Assets used in running orders whose air time lies in [from, to]. */
  assetsAiringBetween(from: Date, to: Date): Promise<string[]>;
  /**
   * Binds an idempotency key (a mosObjCreate's NRCS messageID and content) to an asset id, once: returns
   * `assetId` when the key is new, else the id bound first. Bound before the asset is created, so a repeat
   * after any crash names the same asset (MOS 2.8.5 §4.1.6).
   */
  bindPlaceholderKey(key: string, assetId: string): Promise<string>;
  /** Inserts a binding as it was (moving an install): false, changing nothing, when the key is already bound. */
  importPlaceholderKey(entry: PlaceholderKey): Promise<boolean>;
}

export interface PlaceholderKey {
  key: string;
  assetId: string;
  createdAt: string;
}
