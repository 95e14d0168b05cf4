import { z } from 'zod';
import { AssetSchema } from './asset';
import { IdSchema } from './common';

/**
 * Versions: v1 is the first upload; each push-back is a new asset with `versionOf` = v1's id and
 * `version` = n+1. The chain is v1 plus every asset whose versionOf is v1.
 */
export const AssetVersionsSchema = z.object({
  /** v1's id: what every later version's `versionOf` points at. */
  firstId: IdSchema,
  latestId: IdSchema,
  count: z.number().int().positive(),
  /** Oldest first. */
  items: z.array(AssetSchema),
});
export type AssetVersions = z.infer<typeof AssetVersionsSchema>;

/** Where a search hit stands in its chain; `hint` is what a panel shows ("v3 of 3"). */
export const VersionHintSchema = z.object({
  version: z.number().int().positive(),
  count: z.number().int().positive(),
  firstId: IdSchema,
  latestId: IdSchema,
  /** Ids of the chain's versions that matched the query (the shown one may be newer than all of them). */
  matchedIds: z.array(IdSchema),
  hint: z.string(),
});
export type VersionHint = z.infer<typeof VersionHintSchema>;
