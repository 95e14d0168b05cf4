import { z } from 'zod';
import { AssetSchema, FailureSchema } from './asset';
import { IdSchema, IsoDateSchema } from './common';
import { ReviewMarkerSchema, ReviewStatusSchema } from './review';

/**
 * Where a review push lands: a Frame.io V4 account, workspace, project and folder
 * (docs/frameio.md "Destinations"). Ids are Frame.io's own (UUIDs, or `adobe:` ids).
 */
const FrameioIdSchema = z.string().trim().min(1).max(200);

export const ReviewDestinationCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    accountId: FrameioIdSchema,
    workspaceId: FrameioIdSchema,
    projectId: FrameioIdSchema,
    folderId: FrameioIdSchema,
    /** Create a share link (Frame.io "share", type asset) after each push. */
    shareLink: z.boolean().default(false),
  })
  .strict();
export type ReviewDestinationCreate = z.infer<typeof ReviewDestinationCreateSchema>;

export const ReviewDestinationSchema = ReviewDestinationCreateSchema.extend({ id: IdSchema, createdAt: IsoDateSchema });
export type ReviewDestination = z.infer<typeof ReviewDestinationSchema>;

/** queued → uploading → versioning → sharing → done; failed keeps the reason. */
export const ReviewRequestStateSchema = z.enum(['queued', 'uploading', 'versioning', 'sharing', 'done', 'failed']);
export type ReviewRequestState = z.infer<typeof ReviewRequestStateSchema>;
export const REVIEW_TERMINAL_STATES: readonly ReviewRequestState[] = ['done', 'failed'];

export const ReviewRequestCreateSchema = z
  .object({
    destination: IdSchema,
    rendition: z.enum(['proxy', 'original']).default('proxy'),
    inMs: z.number().int().nonnegative().optional(),
    outMs: z.number().int().positive().optional(),
  })
  .strict()
  .refine((r) => r.inMs === undefined || r.outMs === undefined || r.outMs > r.inMs, { message: 'outMs must be after inMs', path: ['outMs'] });
export type ReviewRequestCreate = z.infer<typeof ReviewRequestCreateSchema>;

/** What the Frame.io side holds for a push; filled in as the bridge gets it. */
export const FrameioRefSchema = z.object({
  fileId: z.string().max(200).nullable(),
  versionStackId: z.string().max(200).nullable(),
  viewUrl: z.string().max(2000).nullable(),
  shareUrl: z.string().max(2000).nullable(),
});
export type FrameioRef = z.infer<typeof FrameioRefSchema>;

export const ReviewRequestSchema = z.object({
  id: IdSchema,
  assetId: IdSchema,
  /** The first version's id (versionOf ?? id): pushes of one family stack into one Frame.io version stack. */
  familyId: IdSchema,
  destinationId: IdSchema,
  rendition: z.enum(['proxy', 'original']),
  inMs: z.number().int().nonnegative().nullable(),
  outMs: z.number().int().positive().nullable(),
  /** The real in point of the pushed file (cuts widen to keyframes): Frame.io frame 1 is this media time. */
  cutInMs: z.number().int().nonnegative().nullable(),
  state: ReviewRequestStateSchema,
  percent: z.number().min(0).max(100),
  stage: z.string().max(200).nullable(),
  attempts: z.number().int().nonnegative(),
  claimedBy: z.string().max(100).nullable(),
  leaseUntil: IsoDateSchema.nullable(),
  frameio: FrameioRefSchema,
  failure: FailureSchema.nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

export const ReviewClaimSchema = z
  .object({ worker: z.string().trim().min(1).max(100), leaseMs: z.number().int().min(1000).max(3_600_000).default(120_000) })
  .strict();
export type ReviewClaim = z.infer<typeof ReviewClaimSchema>;

/** A claimed request with everything the bridge needs to carry it out. */
export const ReviewClaimResultSchema = z.object({
  request: ReviewRequestSchema.nullable(),
  asset: AssetSchema.nullable(),
  destination: ReviewDestinationSchema.nullable(),
  /** The latest finished push of the same family to the same destination: the new file joins its version stack. */
  previous: FrameioRefSchema.nullable(),
});
export type ReviewClaimResult = z.infer<typeof ReviewClaimResultSchema>;

export const ReviewProgressSchema = z
  .object({
    worker: z.string().trim().min(1).max(100),
    state: ReviewRequestStateSchema.exclude(['queued']),
    percent: z.number().min(0).max(100).optional(),
    stage: z.string().max(200).nullable().optional(),
    cutInMs: z.number().int().nonnegative().nullable().optional(),
    frameio: FrameioRefSchema.partial().optional(),
    failure: FailureSchema.nullable().optional(),
    /** Extends the lease by this much from now. */
    leaseMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  })
  .strict();
export type ReviewProgress = z.infer<typeof ReviewProgressSchema>;

export const ReviewRequestQuerySchema = z.object({ frameioFileId: z.string().min(1).max(200) });

export const ReviewReplySchema = z.object({ author: z.string().max(200), text: z.string().max(20_000), createdAt: IsoDateSchema });

/** A review marker as stored: the shared ReviewMarker plus the reviewer's frame, replies and edit time. */
export const StoredReviewMarkerSchema = ReviewMarkerSchema.extend({
  /** Zero-based frame of the asset (asset time, not the pushed cut's) at the asset's own rate. */
  frame: z.number().int().nonnegative(),
  replies: z.array(ReviewReplySchema).max(500),
  updatedAt: IsoDateSchema,
});
export type StoredReviewMarker = z.infer<typeof StoredReviewMarkerSchema>;

export const ReviewMarkerUpsertSchema = StoredReviewMarkerSchema.omit({ assetId: true, updatedAt: true }).strict();
export type ReviewMarkerUpsert = z.infer<typeof ReviewMarkerUpsertSchema>;

export const ReviewMarkerDeleteQuerySchema = z.object({ externalId: z.string().min(1).max(200) });

/** Frame.io's Status field mapped to ReviewStatus, with who changed it and when (docs/frameio.md "Status"). */
export const ReviewStatusRecordSchema = z.object({
  assetId: IdSchema,
  status: ReviewStatusSchema,
  /** The reviewer's display value as Frame.io shows it ("Needs Review"…). */
  label: z.string().max(200).nullable(),
  by: z.string().max(200).nullable(),
  at: IsoDateSchema,
  source: z.string().max(100),
});
export type ReviewStatusRecord = z.infer<typeof ReviewStatusRecordSchema>;

export const ReviewStatusUpdateSchema = ReviewStatusRecordSchema.omit({ assetId: true }).strict();
export type ReviewStatusUpdate = z.infer<typeof ReviewStatusUpdateSchema>;

/** Everything review-related on one asset version. */
export const ReviewSummarySchema = z.object({
  assetId: IdSchema,
  status: ReviewStatusRecordSchema.nullable(),
  requests: z.array(ReviewRequestSchema),
  markers: z.array(StoredReviewMarkerSchema),
});
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;
