import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';

/**
 * An asset placed in a newsroom running order (MOS roCreate/roStorySend item).
 * Shaped now so the catalog, search filters and job priority can key on it;
 * the mos-gateway issue fills it. Ids are the NRCS's own strings (MOS 2.8 §2.4 roID/storyID/itemID).
 */
export const RundownLinkSchema = z.object({
  assetId: IdSchema,
  nrcs: z.enum(['inews', 'enps', 'other']),
  mosId: z.string().max(128),
  roId: z.string().max(128),
  storyId: z.string().max(128),
  itemId: z.string().max(128),
  slug: z.string().max(500).nullable(),
  /** Planned air time; it makes the asset's pending jobs urgent. */
  airTime: IsoDateSchema.nullable(),
  /** In/out the journalist chose inside the asset (itemEdStart/itemEdDur). */
  inMs: z.number().int().nonnegative().nullable(),
  outMs: z.number().int().nonnegative().nullable(),
});
export type RundownLink = z.infer<typeof RundownLinkSchema>;
