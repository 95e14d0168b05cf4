import { z } from 'zod';
import { IdSchema, IsoDateSchema, PageSchema } from './common';
import { RoleSchema } from './auth';
import { AuditChannelSchema } from './audit';

/**
 * Delivery (issue 16): profiles, selections, render plans, renders, approvals, destinations and
 * deliveries. Every input a caller (person or agent) can send is ids, enums and bounded numbers:
 * nothing here is ever a path, a URL, a filter or an ffmpeg argument.
 */

/** Operator-configured names (destinations, watermarks): short slugs, never paths. */
export const SlugIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'invalid id (lower-case letters, digits, - and _)');

export const DeliveryProfileIdSchema = z.enum([
  'youtube-1080p',
  'reels-9x16',
  'tiktok-9x16',
  'x-9x16',
  'instagram-1x1',
  'instagram-4x5',
  'broadcast-1080p25',
]);
export type DeliveryProfileId = z.infer<typeof DeliveryProfileIdSchema>;

/** Integrated loudness targets: EBU R 128 broadcast (−23) and the AES streaming/social practice (−16). */
export const LoudnessTargetSchema = z.union([z.literal(-23), z.literal(-16)]);
export type LoudnessTarget = z.infer<typeof LoudnessTargetSchema>;

/** Share of the frame (0–1) that platform UI covers, so captions stay clear of it. */
export const SafeZoneSchema = z.object({
  top: z.number().min(0).max(0.5),
  bottom: z.number().min(0).max(0.5),
  left: z.number().min(0).max(0.5),
  right: z.number().min(0).max(0.5),
});
export type SafeZone = z.infer<typeof SafeZoneSchema>;

/** One delivery target as dated data: a platform changes its specs, so each says when and where it was read. */
export const DeliveryProfileSchema = z.object({
  id: DeliveryProfileIdSchema,
  name: z.string(),
  platform: z.enum(['youtube', 'instagram', 'tiktok', 'x', 'broadcast']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Rate used when the source's is not one of `fpsAllowed`. */
  fps: z.number().int().positive(),
  /** Integer rates the platform takes as they are: a source at one of them keeps it (no judder from 25 → 30). */
  fpsAllowed: z.array(z.number().int().positive()).min(1),
  videoCodec: z.literal('h264'),
  videoBitrateKbps: z.number().int().positive(),
  maxBitrateKbps: z.number().int().positive(),
  /** GOP length in frames (YouTube asks for half the frame rate, closed). */
  gopFrames: z.number().int().positive(),
  audioCodec: z.literal('aac'),
  audioBitrateKbps: z.number().int().positive(),
  audioSampleRate: z.literal(48000),
  loudness: z.object({ integratedLufs: LoudnessTargetSchema, truePeakDbtp: z.number().max(0), lra: z.number().positive() }),
  safeZone: SafeZoneSchema,
  minDurationS: z.number().nonnegative(),
  maxDurationS: z.number().positive(),
  maxBytes: z.number().int().positive().nullable(),
  /** When the spec was read (YYYY-MM-DD) and the public page it was read from. */
  specDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sources: z.array(z.string()).min(1),
  notes: z.string(),
});
export type DeliveryProfile = z.infer<typeof DeliveryProfileSchema>;

export const DestinationKindSchema = z.enum(['folder', 's3', 'webhook', 'frameio']);
/** What callers see of a destination: never its path, bucket credentials, URL or secret. */
export const DestinationSchema = z.object({ id: SlugIdSchema, kind: DestinationKindSchema, name: z.string() });
export type Destination = z.infer<typeof DestinationSchema>;

export const WatermarkSchema = z.object({ id: SlugIdSchema, name: z.string() });
export type Watermark = z.infer<typeof WatermarkSchema>;

/** Who acts: a person's token or an agent's. Agents can request but never approve (OWASP LLM06, least agency). */
export const DeliveryPrincipalSchema = z.object({
  id: IdSchema,
  name: z.string(),
  role: RoleSchema,
  agent: z.boolean().default(false),
  /** The front end the call came through, for the audit trail. */
  channel: AuditChannelSchema.default('http'),
});
export type DeliveryPrincipal = z.infer<typeof DeliveryPrincipalSchema>;
export type DeliveryPrincipalInput = z.input<typeof DeliveryPrincipalSchema>;

export const MAX_SELECTION_ITEMS = 20;
/** 15 minutes: the longest platform limit in the profiles (Reels). */
export const MAX_SELECTION_MS = 15 * 60_000;

export const SelectionItemSchema = z.object({
  assetId: IdSchema,
  inMs: z.number().int().nonnegative(),
  outMs: z.number().int().positive(),
}).strict().refine((i) => i.outMs > i.inMs, { message: 'outMs must be after inMs', path: ['outMs'] });
export type SelectionItem = z.infer<typeof SelectionItemSchema>;

export const SelectionCreateSchema = z.object({
  title: z.string().trim().max(200).default(''),
  items: z.array(SelectionItemSchema).min(1).max(MAX_SELECTION_ITEMS),
}).strict();
export type SelectionCreate = z.input<typeof SelectionCreateSchema>;

export const SelectionSchema = z.object({
  id: IdSchema,
  title: z.string(),
  items: z.array(SelectionItemSchema),
  durationMs: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  ownerId: IdSchema,
  createdAt: IsoDateSchema,
});
export type Selection = z.infer<typeof SelectionSchema>;

export const ReframeModeSchema = z.enum(['auto', 'center', 'blurfill']);
export const CaptionModeSchema = z.enum(['burn', 'sidecar', 'none']);

export const RenderRequestSchema = z.object({
  selectionId: IdSchema,
  profileId: DeliveryProfileIdSchema,
  reframe: ReframeModeSchema.default('auto'),
  captions: CaptionModeSchema.default('burn'),
  watermarkId: SlugIdSchema.nullable().default(null),
  /** Overrides the profile's integrated loudness target. */
  loudness: LoudnessTargetSchema.nullable().default(null),
}).strict();
export type RenderRequest = z.infer<typeof RenderRequestSchema>;
export type RenderRequestInput = z.input<typeof RenderRequestSchema>;

export const OutputSpecSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().int().positive(),
  videoCodec: z.literal('h264'),
  audioCodec: z.literal('aac'),
  audioSampleRate: z.number().int().positive(),
  container: z.literal('mp4'),
  integratedLufs: LoudnessTargetSchema,
  truePeakDbtp: z.number(),
  durationMs: z.number().int().nonnegative(),
});
export type OutputSpec = z.infer<typeof OutputSpecSchema>;

export const SpecViolationSchema = z.object({ code: z.string(), message: z.string() });
export type SpecViolation = z.infer<typeof SpecViolationSchema>;

/** A dry run: what would be made and what it would cost; queues nothing. */
export const RenderPlanSchema = z.object({
  request: RenderRequestSchema,
  outputSpec: OutputSpecSchema,
  steps: z.array(z.string()),
  cpuEstimateS: z.number().nonnegative(),
  violations: z.array(SpecViolationSchema),
});
export type RenderPlan = z.infer<typeof RenderPlanSchema>;

export const RenderStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);

/** What ffprobe and ebur128 read back from the finished file: "done" means these were checked. */
export const RenderOutputSchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().positive(),
  videoCodec: z.string(),
  audioCodec: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
  integratedLufs: z.number().nullable(),
  truePeakDbtp: z.number().nullable(),
  sidecars: z.array(z.enum(['srt', 'vtt'])),
  /** Per shot: where the crop followed a subject, where it fell back to blur-fill or the centre. */
  reframe: z.array(z.object({ startMs: z.number().int(), endMs: z.number().int(), mode: z.enum(['tracked', 'center', 'blurfill']) })),
});
export type RenderOutput = z.infer<typeof RenderOutputSchema>;

export const RenderSchema = z.object({
  id: IdSchema,
  jobId: IdSchema.nullable(),
  selectionId: IdSchema,
  request: RenderRequestSchema,
  outputSpec: OutputSpecSchema,
  status: RenderStatusSchema,
  percent: z.number().min(0).max(100),
  stage: z.string().nullable(),
  output: RenderOutputSchema.nullable(),
  error: z.string().nullable(),
  ownerId: IdSchema,
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Render = z.infer<typeof RenderSchema>;

export const RenderStartedSchema = z.object({ jobId: IdSchema, renderId: IdSchema });
export type RenderStarted = z.infer<typeof RenderStartedSchema>;

/** What the destination receives alongside the file; bound into the approval hash. */
export const DeliveryMetadataSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  tags: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
}).strict();
export type DeliveryMetadata = z.infer<typeof DeliveryMetadataSchema>;

export const ApprovalRequestSchema = z.object({
  renderId: IdSchema,
  destinationId: SlugIdSchema,
  metadata: DeliveryMetadataSchema,
}).strict();
export type ApprovalRequestInput = z.input<typeof ApprovalRequestSchema>;

/** `expired` is never stored: a pending approval past its expiry reads as expired. */
export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'declined', 'expired']);
export const ActorSchema = z.object({ id: IdSchema, name: z.string() });

export const ApprovalSchema = z.object({
  id: IdSchema,
  renderId: IdSchema,
  destinationId: SlugIdSchema,
  metadata: DeliveryMetadataSchema,
  renderSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** sha256 over the render file's sha256, the destination id and the canonical metadata JSON. */
  binding: z.string().regex(/^[0-9a-f]{64}$/),
  status: ApprovalStatusSchema,
  requestedBy: ActorSchema,
  approvedBy: ActorSchema.nullable(),
  createdAt: IsoDateSchema,
  approvedAt: IsoDateSchema.nullable(),
  expiresAt: IsoDateSchema,
  /** Set when a reviewer declined it; defaults keep approvals stored before declining existed readable. */
  declinedBy: ActorSchema.nullable().default(null),
  declinedAt: IsoDateSchema.nullable().default(null),
  declineReason: z.string().nullable().default(null),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const DeclineRequestSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export type DeclineRequest = z.infer<typeof DeclineRequestSchema>;

/** `pending` = neither decided nor expired; `all` lists every state. */
export const ApprovalListStatusSchema = z.enum(['pending', 'approved', 'declined', 'expired', 'all']);
export type ApprovalListStatus = z.infer<typeof ApprovalListStatusSchema>;
export const ApprovalListQuerySchema = PageSchema.extend({ status: ApprovalListStatusSchema.default('all') }).strict();
export type ApprovalListQuery = z.infer<typeof ApprovalListQuerySchema>;
export type ApprovalListQueryInput = z.input<typeof ApprovalListQuerySchema>;

/** What an approver needs besides the approval: where it goes by name, and what the verified file is. */
export const ApprovalQueueItemSchema = ApprovalSchema.extend({
  /** null when the operator removed the destination from the allowlist since the request. */
  destinationName: z.string().nullable(),
  render: z.object({
    profileId: DeliveryProfileIdSchema,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    fps: z.number().positive(),
    durationMs: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }).nullable(),
});
export type ApprovalQueueItem = z.infer<typeof ApprovalQueueItemSchema>;
export const ApprovalPageSchema = z.object({ items: z.array(ApprovalQueueItemSchema), nextCursor: z.string().nullable() });
export type ApprovalPage = z.infer<typeof ApprovalPageSchema>;

export const DeliverRequestSchema = z.object({ approvalId: IdSchema }).strict();

export const DeliveryStatusSchema = z.enum(['running', 'done', 'failed']);
export const DeliverySchema = z.object({
  id: IdSchema,
  approvalId: IdSchema,
  renderId: IdSchema,
  destinationId: SlugIdSchema,
  status: DeliveryStatusSchema,
  /** Where it landed, as the destination names it (file name, object key, webhook status, review request id). */
  receipt: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const ProfileListSchema = z.object({ items: z.array(DeliveryProfileSchema) });
export const DestinationListSchema = z.object({ items: z.array(DestinationSchema), watermarks: z.array(WatermarkSchema) });
