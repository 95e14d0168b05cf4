import { z } from 'zod';
import { AssetTypeSchema, RenditionKindSchema, StorageTierSchema } from './asset';
import { IdSchema, IsoDateSchema } from './common';

/**
 * Lifecycle rules: which originals move to which tier by themselves. Every rule that is set must hold
 * (AND); an unset rule does not filter. Proxies, thumbnails, sprites, moments and vectors never move.
 */
export const ArchiveRulesSchema = z
  .object({
    /** Created at least this many days ago. */
    minAgeDays: z.number().int().min(0).max(36_500).optional(),
    /** Not used (downloaded, linked into a rundown, pushed for review, opened from search) for this many days. */
    unusedForDays: z.number().int().min(0).max(36_500).optional(),
    types: z.array(AssetTypeSchema).min(1).optional(),
    /** At least one of these tags (case-insensitive). */
    tagsAny: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
    /** None of these tags ("keep", "evergreen"…). */
    tagsNone: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
    /** Not in a running order that airs within this many days. */
    notAiringWithinDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict();
export type ArchiveRules = z.infer<typeof ArchiveRulesSchema>;

export const ArchivePolicyCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    /** Where matching originals go; only moves to a colder tier than the asset has now. */
    targetTier: z.enum(['nearline', 'archive']),
    rules: ArchiveRulesSchema,
    /** How often the policy runs by itself; null = only when asked (`/run`). */
    everyMinutes: z.number().int().min(1).max(525_600).nullable().default(1440),
    /** Using a matching asset that this policy moved brings its original back online (restore first when archived). */
    restoreOnUse: z.boolean().default(false),
  })
  .strict();
export type ArchivePolicyCreate = z.infer<typeof ArchivePolicyCreateSchema>;

export const ArchivePolicySchema = z.object({
  id: IdSchema,
  name: z.string(),
  enabled: z.boolean(),
  targetTier: z.enum(['nearline', 'archive']),
  rules: ArchiveRulesSchema,
  everyMinutes: z.number().int().nullable(),
  restoreOnUse: z.boolean(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  lastRunAt: IsoDateSchema.nullable(),
  /** How many originals the last run queued for a move, and their bytes. */
  lastRun: z.object({ assets: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }).nullable(),
});
export type ArchivePolicy = z.infer<typeof ArchivePolicySchema>;

export const PolicyCandidateSchema = z.object({
  assetId: IdSchema,
  title: z.string(),
  fromTier: StorageTierSchema,
  toTier: StorageTierSchema,
  bytes: z.number().int().nonnegative(),
  /** The rule facts that made it match, for people checking a dry run. */
  reason: z.string(),
});
export type PolicyCandidate = z.infer<typeof PolicyCandidateSchema>;

export const PolicyRunSchema = z.object({
  /** null for a dry run of an unsaved draft (`POST /archive/policies/dry-run`). */
  policyId: IdSchema.nullable(),
  dryRun: z.boolean(),
  assets: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** First 500 candidates; `assets` and `bytes` count all of them. */
  items: z.array(PolicyCandidateSchema),
  /** Jobs queued (not on a dry run). */
  jobIds: z.array(IdSchema),
});
export type PolicyRun = z.infer<typeof PolicyRunSchema>;

/** One restore, kept for the storage report ("restores this month and their cost"). */
export const RestoreRecordSchema = z.object({
  assetId: IdSchema,
  tier: StorageTierSchema,
  bytes: z.number().int().nonnegative(),
  speed: z.enum(['standard', 'bulk']),
  requestedAt: IsoDateSchema,
});
export type RestoreRecord = z.infer<typeof RestoreRecordSchema>;

const UsageSchema = z.object({ objects: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() });

export const StorageReportSchema = z.object({
  generatedAt: IsoDateSchema,
  currency: z.string(),
  /** Per-GB-month list prices used, with where and when they were read. */
  prices: z.object({
    perGbMonth: z.record(StorageTierSchema, z.number().nonnegative()),
    restorePerGb: z.record(StorageTierSchema, z.number().nonnegative()),
    source: z.string(),
  }),
  tiers: z.array(
    z.object({
      tier: StorageTierSchema,
      objects: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      monthlyCost: z.number().nonnegative(),
      // Only the kinds present in this tier.
      byRendition: z.partialRecord(RenditionKindSchema, UsageSchema),
    }),
  ),
  total: z.object({ objects: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), monthlyCost: z.number().nonnegative() }),
  /** What the same bytes would cost with everything online, and the difference. */
  allOnlineMonthlyCost: z.number().nonnegative(),
  monthlySaving: z.number(),
  savingPercent: z.number(),
  restoresThisMonth: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), cost: z.number().nonnegative() }),
});
export type StorageReport = z.infer<typeof StorageReportSchema>;

export const StorageReportQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });
