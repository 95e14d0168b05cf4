import { z } from 'zod';
import { AssetSchema, FailureSchema } from './asset';
import { IdSchema, IsoDateSchema } from './common';
import { JobNameSchema } from './job';
import { RundownSummarySchema } from './rundown';
import { LiveChannelSchema, LiveClipSchema, LiveGapSchema } from './live';
import { ApprovalStatusSchema } from './delivery';
import { ReviewRequestSchema, ReviewStatusRecordSchema, StoredReviewMarkerSchema } from './review-request';

/** Everything platform-api pushes over ws at /api/v1/events. `type` discriminates. */
export const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('asset.created'), at: IsoDateSchema, asset: AssetSchema }),
  z.object({ type: z.literal('asset.updated'), at: IsoDateSchema, asset: AssetSchema }),
  z.object({ type: z.literal('asset.ready'), at: IsoDateSchema, asset: AssetSchema }),
  z.object({ type: z.literal('asset.failed'), at: IsoDateSchema, assetId: IdSchema, failure: FailureSchema }),
  z.object({ type: z.literal('asset.deleted'), at: IsoDateSchema, assetId: IdSchema }),
  z.object({
    type: z.literal('job.progress'),
    at: IsoDateSchema,
    jobId: IdSchema,
    name: JobNameSchema,
    assetId: IdSchema.nullable(),
    percent: z.number().int().min(0).max(100),
    stage: z.string().nullable(),
  }),
  z.object({
    type: z.literal('asset.restore_late'),
    at: IsoDateSchema,
    assetId: IdSchema,
    neededBy: IsoDateSchema,
    etaAt: IsoDateSchema,
    reason: z.string(),
  }),
  z.object({
    type: z.literal('archive.policy_ran'),
    at: IsoDateSchema,
    policyId: IdSchema,
    assets: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('watch_folder.duplicate'),
    at: IsoDateSchema,
    watchFolderId: IdSchema,
    fileName: z.string(),
    existingAssetId: IdSchema,
  }),
  // A multipart or tus upload whose bytes match an asset already catalogued (the new asset is kept).
  z.object({
    type: z.literal('asset.duplicate'),
    at: IsoDateSchema,
    assetId: IdSchema,
    duplicateOf: IdSchema,
    fileName: z.string(),
  }),
  /** A running order was created, changed or deleted (`deleted`); `assetIds` = the assets it uses now and used before. */
  z.object({ type: z.literal('rundown.updated'), at: IsoDateSchema, rundown: RundownSummarySchema, deleted: z.boolean(), assetIds: z.array(IdSchema) }),
  z.object({ type: z.literal('live.channel'), at: IsoDateSchema, channel: LiveChannelSchema }),
  z.object({ type: z.literal('live.gap'), at: IsoDateSchema, channelId: IdSchema, gap: LiveGapSchema }),
  z.object({ type: z.literal('live.clip'), at: IsoDateSchema, clip: LiveClipSchema }),
  /** A pushed-back edit became version `version` of the chain that starts at `versionOf`. */
  z.object({ type: z.literal('asset.version_created'), at: IsoDateSchema, asset: AssetSchema, versionOf: IdSchema, version: z.number().int().positive() }),
  z.object({ type: z.literal('review.updated'), at: IsoDateSchema, request: ReviewRequestSchema }),
  z.object({ type: z.literal('review.marker'), at: IsoDateSchema, assetId: IdSchema, marker: StoredReviewMarkerSchema, deleted: z.boolean() }),
  z.object({ type: z.literal('review.status'), at: IsoDateSchema, assetId: IdSchema, status: ReviewStatusRecordSchema }),
  /**
   * Who a face is changed (issue 17): a person was named, confirmed, rejected, merged, split or deleted.
   * `personIds` are the people touched (the target first; deleted and merged-away ones included),
   * `assetIds` the assets whose face moments were re-indexed. Open People views reload on it.
   */
  /**
   * A delivery approval was requested, approved or declined (issue 16). Ids and status only — what a
   * person may see of it is decided when their view reloads it; open Approvals views reload on it.
   */
  z.object({ type: z.literal('approval.updated'), at: IsoDateSchema, approvalId: IdSchema, status: ApprovalStatusSchema }),
  z.object({
    type: z.literal('person.updated'),
    at: IsoDateSchema,
    change: z.enum(['name', 'confirm', 'reject', 'merge', 'split', 'delete']),
    personIds: z.array(IdSchema),
    assetIds: z.array(IdSchema),
  }),
]);
export type CutawayEvent = z.infer<typeof EventSchema>;
export type EventType = CutawayEvent['type'];
export type EventOf<T extends EventType> = Extract<CutawayEvent, { type: T }>;
/** An event before the hub stamps its time. */
export type EventDraft = CutawayEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;
