import { z } from 'zod';
import { IdSchema, IsoDateSchema, RateSchema, TagsSchema } from './common';
import { EnrichmentSchema } from './enrichment';

export const AssetTypeSchema = z.enum(['video', 'audio', 'image', 'document']);
export type AssetType = z.infer<typeof AssetTypeSchema>;

/**
 * ingesting → processing → ready | failed. `failed` keeps the original and the reason.
 * `placeholder`: created before its media exists (MOS mosObjCreate, MOS 2.8.5 §3.2.1); an attach fills it.
 */
export const AssetStatusSchema = z.enum(['ingesting', 'processing', 'ready', 'failed', 'placeholder']);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

/**
 * Where the original lives. online = instant reads; nearline = slower but direct
 * (S3 GLACIER_IR); archive = needs a restore first (S3 DEEP_ARCHIVE).
 */
export const StorageTierSchema = z.enum(['online', 'nearline', 'archive']);
export type StorageTier = z.infer<typeof StorageTierSchema>;

/**
 * requested → in_progress → restored (readable until expiresAt) → expired (back to needing a restore).
 * neededBy/etaAt/late: a restore with a deadline (a rundown's air time) knows whether it will make it.
 */
export const RestoreStateSchema = z.object({
  /** not_needed: archived, but the storage engine keeps archived originals readable (e.g. Ceph RGW), so nothing is restored. */
  state: z.enum(['none', 'requested', 'in_progress', 'restored', 'expired', 'failed', 'not_needed']),
  requestedAt: IsoDateSchema.nullable(),
  expiresAt: IsoDateSchema.nullable(),
  percent: z.number().min(0).max(100).nullable(),
  neededBy: IsoDateSchema.nullable().default(null),
  /** When the original is expected to be readable, from the tier's restore time. */
  etaAt: IsoDateSchema.nullable().default(null),
  /** The ETA misses neededBy: people and the MOS gateway are warned. */
  late: z.boolean().default(false),
});
export type RestoreState = z.infer<typeof RestoreStateSchema>;
/** The restore state of an asset that never needed one. */
export const NO_RESTORE: RestoreState = Object.freeze({ state: 'none', requestedAt: null, expiresAt: null, percent: null, neededBy: null, etaAt: null, late: false });

/** A move of the original between tiers that copies bytes (local tier volumes): a durable, checksummed job. */
export const TierMoveSchema = z.object({
  to: StorageTierSchema,
  state: z.enum(['queued', 'moving', 'failed']),
  jobId: IdSchema.nullable(),
  percent: z.number().min(0).max(100),
  error: z.string().nullable(),
});

/** Technical metadata read by ffprobe. Media time is integers plus an exact rate. */
export const TechnicalSchema = z.object({
  container: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  rate: RateSchema.nullable(),
  /** True when the source timecode uses drop-frame counting (29.97/59.94 with `;`). */
  dropFrame: z.boolean(),
  startTimecode: z.string().nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  audioChannels: z.number().int().nonnegative().nullable(),
  sampleRate: z.number().int().positive().nullable(),
  bitRate: z.number().int().nonnegative().nullable(),
});
export type Technical = z.infer<typeof TechnicalSchema>;

export const RenditionKindSchema = z.enum(['original', 'proxy', 'thumbnail', 'sprite', 'poster', 'preview']);
export type RenditionKind = z.infer<typeof RenditionKindSchema>;

export const RenditionSchema = z.object({
  kind: RenditionKindSchema,
  mime: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** Sprite layout: one tile per `intervalMs`, `columns` × `rows` tiles of `width`/`columns` pixels. */
  sprite: z
    .object({ columns: z.number().int().positive(), rows: z.number().int().positive(), intervalMs: z.number().int().positive(), count: z.number().int().nonnegative() })
    .nullable(),
  /** Thumbnails: the media times (ms) of the keyframe images, ascending; `/thumbnail?atMs=` picks the nearest before. */
  timesMs: z.array(z.number().int().nonnegative()).nullable().default(null),
});
export type Rendition = z.infer<typeof RenditionSchema>;

export const AssetOriginSchema = z.object({
  kind: z.enum(['upload', 'resumable', 'watch_folder', 'live', 'frameio', 'photoshop', 'mos']),
  /** Watch folder id, live channel id, upload id… whatever explains where it came from. */
  ref: z.string().nullable(),
});

export type AssetOrigin = z.infer<typeof AssetOriginSchema>;

export const FailureSchema = z.object({ code: z.string(), message: z.string() });

export const AssetSchema = z.object({
  id: IdSchema,
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  type: AssetTypeSchema,
  status: AssetStatusSchema,
  failure: FailureSchema.nullable(),
  /** The sanitised original file name (display only; storage keys are generated). */
  fileName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  technical: TechnicalSchema.nullable(),
  renditions: z.array(RenditionSchema),
  storageTier: StorageTierSchema,
  restore: RestoreStateSchema,
  /** Set while a byte-copying tier move is pending or failed; null when the original sits where storageTier says. */
  tierMove: TierMoveSchema.nullable().default(null),
  /** Last download, rundown link or review push: lifecycle rules key "unused for N days" on it. */
  lastUsedAt: IsoDateSchema.nullable().default(null),
  /** Versions: v1 is the first; a pushed-back edit is a new asset with versionOf = the first version's id. */
  version: z.number().int().positive(),
  versionOf: IdSchema.nullable(),
  origin: AssetOriginSchema,
  /** Which enrichment steps ran, with which engine, model and confidence. */
  enrichment: EnrichmentSchema.default({}),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Asset = z.infer<typeof AssetSchema>;

export const AssetPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    description: z.string().max(20_000),
    tags: TagsSchema,
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one of title, description, tags');
export type AssetPatch = z.infer<typeof AssetPatchSchema>;

/** Metadata fields accepted beside an upload (multipart fields or tus Upload-Metadata). */
export const UploadMetadataSchema = z.object({
  title: z.string().trim().max(500).optional(),
  description: z.string().max(20_000).optional(),
  tags: TagsSchema.optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

export const TierChangeSchema = z.object({ tier: StorageTierSchema }).strict();
export const RestoreRequestSchema = z
  .object({
    /** How long the restored copy stays readable. */
    days: z.number().int().min(1).max(365).default(7),
    /** S3 DEEP_ARCHIVE: standard ≈ 12 h, bulk ≈ 48 h. */
    speed: z.enum(['standard', 'bulk']).default('standard'),
    /** When the original must be readable (a rundown's air time): sets the priority and warns when the ETA misses it. */
    neededBy: IsoDateSchema.optional(),
  })
  .strict();

export const AssetListQuerySchema = z.object({
  type: AssetTypeSchema.optional(),
  status: AssetStatusSchema.optional(),
  tag: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type AssetListQuery = z.infer<typeof AssetListQuerySchema>;

export const AssetPageSchema = z.object({ items: z.array(AssetSchema), nextCursor: z.string().nullable() });
export type AssetPage = z.infer<typeof AssetPageSchema>;
