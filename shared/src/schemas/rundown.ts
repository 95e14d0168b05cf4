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
  /** Added with the rundowns API: the catalog id, and the slugs UIs show ("used in 6PM NEWS, story HARBOR BRIDGE"). */
  rundownId: IdSchema.optional(),
  roSlug: z.string().max(500).optional(),
  storySlug: z.string().max(500).nullable().optional(),
});
export type RundownLink = z.infer<typeof RundownLinkSchema>;

/**
 * Running orders as the MOS gateway received them (roCreate/roReplace/roElementAction/2.6 story and
 * item messages, MOS 2.8.5 §3.5–3.6), in order. NRCS ids are kept verbatim (ENPS uses `;` and `\`,
 * iNews `SERVER/QUEUE.PATH`), so the catalog gives each running order its own id for URLs.
 */
const NcsString = z.string().min(1).max(128);
const Slug = z.string().max(500).nullable();

export const RundownItemSchema = z.object({
  itemId: NcsString,
  slug: Slug,
  /** The object the item plays (MOS objID) and the device that owns it (mosID). */
  objId: z.string().max(128),
  mosId: z.string().max(128),
  /** Set when objID names a Cutaway asset (the item's mosID is ours). */
  assetId: IdSchema.nullable(),
  /** itemEdStart / itemEdStart + itemEdDur converted from the item's objTB samples. */
  inMs: z.number().int().nonnegative().nullable(),
  outMs: z.number().int().nonnegative().nullable(),
  channel: z.string().max(128).nullable(),
  abstract: z.string().max(4000).nullable(),
  /** Last status we reported to the NRCS for this item (READY, NOT READY…). */
  status: z.string().max(128).nullable(),
});
export type RundownItem = z.infer<typeof RundownItemSchema>;

export const RundownStorySchema = z.object({
  storyId: NcsString,
  slug: Slug,
  number: z.string().max(128).nullable(),
  items: z.array(RundownItemSchema).max(1000),
});
export type RundownStory = z.infer<typeof RundownStorySchema>;

/** What the gateway writes (PUT /rundowns): the whole running order, keyed by (ncsId, roId). */
export const RundownInputSchema = z.object({
  ncsId: NcsString,
  mosId: NcsString,
  nrcs: z.enum(['inews', 'enps', 'other']),
  roId: NcsString,
  slug: z.string().max(500),
  channel: z.string().max(128).nullable(),
  /** roEdStart: planned air time; it makes the assets' pending jobs urgent as it nears. */
  airTime: IsoDateSchema.nullable(),
  /** roEdDur in ms. */
  durationMs: z.number().int().nonnegative().nullable(),
  /** roReadyToAir (READY / NOT READY), when the NRCS sent one. */
  air: z.enum(['READY', 'NOT READY']).nullable(),
  stories: z.array(RundownStorySchema).max(5000),
});
export type RundownInput = z.infer<typeof RundownInputSchema>;

export const RundownSchema = RundownInputSchema.extend({
  id: IdSchema,
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Rundown = z.infer<typeof RundownSchema>;

export const RundownSummarySchema = RundownSchema.omit({ stories: true }).extend({
  storyCount: z.number().int().nonnegative(),
  itemCount: z.number().int().nonnegative(),
});
export type RundownSummary = z.infer<typeof RundownSummarySchema>;

export const RundownListQuerySchema = z.object({
  ncsId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RundownListQuery = z.infer<typeof RundownListQuerySchema>;

/** Looks a running order up by the NRCS's own ids (GET /rundowns?ncsId=&roId= is a list; this is exact). */
export const RundownKeySchema = z.object({ ncsId: NcsString, roId: NcsString });

/** A placeholder asset: catalogued before its media exists (MOS mosObjCreate, MOS 2.8.5 §3.2.1). */
export const PlaceholderCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    description: z.string().max(20_000).default(''),
    tags: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
    type: z.enum(['video', 'audio', 'image']).default('video'),
    /** Who asked (e.g. the NRCS id and its objSlug request); shown in origin.ref. */
    ref: z.string().max(500).nullable().default(null),
    /**
     * Makes the call idempotent: a repeat with the same key returns the asset the first call created (the MOS
     * gateway sends its mosObjCreate's ncsID, port, messageID and content hash, so an NRCS resend after a lost
     * ack — even across a gateway crash — yields one placeholder; MOS 2.8.5 §4.1.6).
     */
    idempotencyKey: z.string().min(1).max(500).optional(),
  })
  .strict();
export type PlaceholderCreate = z.infer<typeof PlaceholderCreateSchema>;
