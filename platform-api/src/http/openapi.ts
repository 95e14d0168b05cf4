import { z } from 'zod';
import {
  AssetListQuerySchema, AssetPageSchema, AssetPatchSchema, AssetSchema, EventSchema, HealthSchema, JobSchema,
  MomentListQuerySchema, MomentSchema, SearchQuerySchema, SearchResultSchema, TokenCreateSchema, TokenCreatedSchema,
  TokenInfoSchema, UploadMetadataSchema, WatchFolderCreateSchema, WatchFolderSchema, EnrichRequestSchema,
  VocabularyEntryCreateSchema, VocabularyEntrySchema, TierChangeSchema, RestoreRequestSchema,
  AuditQuerySchema, AuditPageSchema, UploadedAssetSchema,
  ArchivePolicyCreateSchema, ArchivePolicySchema, PolicyRunSchema, StorageReportQuerySchema, StorageReportSchema,
} from '@cutaway/shared';
import {
  FaceGroupingSettingSchema, FaceTrackSchema, PeopleListQuerySchema, PeopleListSchema, PersonDetailSchema, PersonMergeRequestSchema,
  PersonNameRequestSchema, PersonSplitRequestSchema, TrackDecisionRequestSchema,
} from '@cutaway/shared';
import { MediaLinksQuerySchema, MediaLinksSchema } from '@cutaway/shared';
import { PlaceholderCreateSchema, RundownInputSchema, RundownKeySchema, RundownLinkSchema, RundownListQuerySchema, RundownSchema, RundownSummarySchema } from '@cutaway/shared';
import { CUT_HEADERS, TUS_PATHS } from './openapi-tus';
import { DELIVERY_OPERATIONS } from './openapi-delivery';
import { ASSISTANT_OPERATIONS } from './openapi-assistant';
import { LiveChannelCreateSchema, LiveChannelSchema, LiveClipAcceptedSchema, LiveClipCreateSchema, LiveClipSchema, LiveCueOutSchema, LiveRecordingCreateSchema, LiveRecordingDetailSchema, LiveRecordingSchema, LiveTimelineSchema } from '@cutaway/shared';
import { AssetOriginSchema, AssetVersionsSchema, FrameQuerySchema } from '@cutaway/shared';
import {
  ReviewClaimResultSchema, ReviewClaimSchema, ReviewDestinationCreateSchema, ReviewDestinationSchema, ReviewMarkerDeleteQuerySchema,
  ReviewMarkerUpsertSchema, ReviewProgressSchema, ReviewRequestCreateSchema, ReviewRequestQuerySchema, ReviewRequestSchema,
  ReviewStatusRecordSchema, ReviewStatusUpdateSchema, ReviewSummarySchema, StoredReviewMarkerSchema,
} from '@cutaway/shared';

interface Operation {
  /** operationId: stable, unique; generated clients name their methods after it. */
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  role: 'none' | 'viewer' | 'editor' | 'admin';
  query?: z.ZodObject;
  body?: z.ZodType;
  multipart?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  binary?: string;
  /** Response headers of the success answer. */
  headers?: Record<string, object>;
  /** A second success status with the same body, and when it is sent. */
  alsoOk?: { status: number; description: string };
}

const items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

/** The route table the document is built from; handlers validate with these same schemas. */
const OPERATIONS: Operation[] = [
  { id: 'getHealth', method: 'get', path: '/health', summary: 'Component health (no token needed)', role: 'none', response: HealthSchema },
  { id: 'listAssets', method: 'get', path: '/assets', summary: 'List assets, newest first', role: 'viewer', query: AssetListQuerySchema, response: AssetPageSchema },
  { id: 'uploadAsset', method: 'post', path: '/assets', summary: 'Upload a file (multipart: file, title, description, tags); duplicateOf names an asset with the same bytes', role: 'editor', multipart: UploadMetadataSchema, response: UploadedAssetSchema, status: 201 },
  { id: 'getAsset', method: 'get', path: '/assets/{id}', summary: 'One asset', role: 'viewer', response: AssetSchema },
  { id: 'updateAsset', method: 'patch', path: '/assets/{id}', summary: 'Edit title, description, tags', role: 'editor', body: AssetPatchSchema, response: AssetSchema },
  { id: 'deleteAsset', method: 'delete', path: '/assets/{id}', summary: 'Delete the asset, its files and segments', role: 'editor', status: 204 },
  { id: 'listMoments', method: 'get', path: '/assets/{id}/moments', summary: 'Time-coded segments of the asset', role: 'viewer', query: MomentListQuerySchema, response: items(MomentSchema) },
  { id: 'getProxy', method: 'get', path: '/assets/{id}/proxy', summary: '360p proxy (Range supported)', role: 'viewer', binary: 'video/mp4' },
  { id: 'getThumbnail', method: 'get', path: '/assets/{id}/thumbnail', summary: 'Keyframe thumbnail at or before atMs', role: 'viewer', query: z.object({ atMs: z.number().int().optional() }), binary: 'image/jpeg' },
  { id: 'getSprite', method: 'get', path: '/assets/{id}/sprite', summary: '1 fps scrub sprite (layout in the sprite rendition)', role: 'viewer', binary: 'image/jpeg' },
  { id: 'getPoster', method: 'get', path: '/assets/{id}/poster', summary: 'Poster frame', role: 'viewer', binary: 'image/jpeg' },
  { id: 'getPreview', method: 'get', path: '/assets/{id}/preview', summary: 'Image preview', role: 'viewer', binary: 'image/jpeg' },
  {
    id: 'getMedia', method: 'get', path: '/assets/{id}/media', summary: 'File for an NLE; with inMs/outMs a stream-copied sub-range widened to keyframes (real in/out in X-Cutaway-In-Ms / X-Cutaway-Out-Ms)',
    role: 'viewer', query: z.object({ rendition: z.enum(['original', 'proxy']).optional(), inMs: z.number().int().optional(), outMs: z.number().int().optional() }), binary: 'application/octet-stream',
    headers: CUT_HEADERS,
  },
  { id: 'search', method: 'get', path: '/search', summary: 'Time-coded search, grouped by asset', role: 'viewer', query: SearchQuerySchema, response: SearchResultSchema },
  { id: 'getLiveness', method: 'get', path: '/health/live', summary: 'Liveness probe', role: 'none', response: z.object({ ok: z.boolean() }) },
  { id: 'getReadiness', method: 'get', path: '/health/ready', summary: 'Readiness probe (503 while starting or draining)', role: 'none', response: z.object({ ok: z.boolean(), accepting: z.boolean(), db: z.boolean() }) },
  { id: 'enrichAsset', method: 'post', path: '/assets/{id}/enrich', summary: 'Re-run enrichment steps (each replaces its own segments)', role: 'editor', body: EnrichRequestSchema, response: AssetSchema, status: 202 },
  { id: 'changeTier', method: 'post', path: '/assets/{id}/tier', summary: 'Move the original to a storage tier (200 when done at once; 202 with asset.tierMove while a byte-copying move is queued)', role: 'editor', body: TierChangeSchema, response: AssetSchema },
  { id: 'restoreAsset', method: 'post', path: '/assets/{id}/restore', summary: 'Restore an archived original, optionally needed by a time (progress, ETA and a late warning in asset.restore)', role: 'editor', body: RestoreRequestSchema, response: AssetSchema, status: 202,
    alsoOk: { status: 200, description: 'Nothing to restore: the storage engine keeps archived originals readable (restore.state not_needed)' } },
  { id: 'listArchivePolicies', method: 'get', path: '/archive/policies', summary: 'Lifecycle policies', role: 'editor', response: items(ArchivePolicySchema) },
  { id: 'createArchivePolicy', method: 'post', path: '/archive/policies', summary: 'Add a lifecycle policy', role: 'admin', body: ArchivePolicyCreateSchema, response: ArchivePolicySchema, status: 201 },
  { id: 'dryRunArchivePolicyDraft', method: 'post', path: '/archive/policies/dry-run', summary: 'What an unsaved policy would move now, and the bytes (stores and moves nothing)', role: 'editor', body: ArchivePolicyCreateSchema, response: PolicyRunSchema },
  { id: 'getArchivePolicy', method: 'get', path: '/archive/policies/{id}', summary: 'One lifecycle policy', role: 'editor', response: ArchivePolicySchema },
  { id: 'replaceArchivePolicy', method: 'put', path: '/archive/policies/{id}', summary: 'Replace a lifecycle policy', role: 'admin', body: ArchivePolicyCreateSchema, response: ArchivePolicySchema },
  { id: 'deleteArchivePolicy', method: 'delete', path: '/archive/policies/{id}', summary: 'Remove a lifecycle policy', role: 'admin', status: 204 },
  { id: 'dryRunArchivePolicy', method: 'post', path: '/archive/policies/{id}/dry-run', summary: 'What the policy would move now, and the bytes (moves nothing)', role: 'editor', response: PolicyRunSchema },
  { id: 'runArchivePolicy', method: 'post', path: '/archive/policies/{id}/run', summary: 'Queue a durable move per matching original now', role: 'admin', response: PolicyRunSchema, status: 202 },
  { id: 'getStorageReport', method: 'get', path: '/storage/report', summary: 'Objects, bytes and monthly cost per tier and rendition, the saving against all-online, restores this month (?format=csv)', role: 'editor', query: StorageReportQuerySchema, response: StorageReportSchema },
  { id: 'listVocabulary', method: 'get', path: '/vocabulary', summary: 'Alias groups applied at query time', role: 'viewer', response: items(VocabularyEntrySchema) },
  { id: 'createVocabularyEntry', method: 'post', path: '/vocabulary', summary: 'Add an alias group', role: 'editor', body: VocabularyEntryCreateSchema, response: VocabularyEntrySchema, status: 201 },
  { id: 'replaceVocabularyEntry', method: 'put', path: '/vocabulary/{id}', summary: 'Replace an alias group', role: 'editor', body: VocabularyEntryCreateSchema, response: VocabularyEntrySchema },
  { id: 'deleteVocabularyEntry', method: 'delete', path: '/vocabulary/{id}', summary: 'Remove an alias group', role: 'editor', status: 204 },
  { id: 'listJobs', method: 'get', path: '/jobs', summary: 'Durable jobs (media.ingest, enrich.step, archive.restore), newest first', role: 'viewer', query: z.object({ assetId: z.string().optional(), status: JobSchema.shape.status.optional(), limit: z.number().int().min(1).max(500).optional() }), response: items(JobSchema) },
  { id: 'getOpenApi', method: 'get', path: '/openapi.json', summary: 'This document', role: 'viewer', response: z.object({ openapi: z.string() }).loose() },
  { id: 'getJob', method: 'get', path: '/jobs/{id}', summary: 'One job', role: 'viewer', response: JobSchema },
  { id: 'getMe', method: 'get', path: '/me', summary: 'The token making the request: id, name, role, kind (what a front end may offer)', role: 'viewer', response: TokenInfoSchema },
  { id: 'listTokens', method: 'get', path: '/tokens', summary: 'API tokens', role: 'admin', response: items(TokenInfoSchema) },
  { id: 'createToken', method: 'post', path: '/tokens', summary: 'Create a token (the secret is shown once)', role: 'admin', body: TokenCreateSchema, response: TokenCreatedSchema, status: 201 },
  { id: 'revokeToken', method: 'delete', path: '/tokens/{id}', summary: 'Revoke a token', role: 'admin', status: 204 },
  { id: 'listWatchFolders', method: 'get', path: '/watch-folders', summary: 'Watch folders', role: 'admin', response: items(WatchFolderSchema) },
  { id: 'createWatchFolder', method: 'post', path: '/watch-folders', summary: 'Watch a folder', role: 'admin', body: WatchFolderCreateSchema, response: WatchFolderSchema, status: 201 },
  { id: 'deleteWatchFolder', method: 'delete', path: '/watch-folders/{id}', summary: 'Stop watching', role: 'admin', status: 204 },
  { id: 'listAudit', method: 'get', path: '/audit', summary: 'Audit trail of writes, newest first (filters: tokenId, assetId, action, channel, from, to)', role: 'admin', query: AuditQuerySchema, response: AuditPageSchema },
  { id: 'listReviewDestinations', method: 'get', path: '/review-destinations', summary: 'Frame.io destinations (account, workspace, project, folder)', role: 'viewer', response: items(ReviewDestinationSchema) },
  { id: 'createReviewDestination', method: 'post', path: '/review-destinations', summary: 'Add a Frame.io destination', role: 'admin', body: ReviewDestinationCreateSchema, response: ReviewDestinationSchema, status: 201 },
  { id: 'deleteReviewDestination', method: 'delete', path: '/review-destinations/{id}', summary: 'Remove a destination', role: 'admin', status: 204 },
  { id: 'requestReview', method: 'post', path: '/assets/{id}/review', summary: 'Push for review: a durable request the Frame.io bridge carries out (events: review.updated)', role: 'editor', body: ReviewRequestCreateSchema, response: ReviewRequestSchema, status: 202 },
  { id: 'getReview', method: 'get', path: '/assets/{id}/review', summary: 'Review state of an asset version: status, push requests with progress, markers', role: 'viewer', response: ReviewSummarySchema },
  { id: 'upsertReviewMarker', method: 'put', path: '/assets/{id}/markers', summary: 'Create or replace a review marker (a searchable marker moment; event review.marker)', role: 'editor', body: ReviewMarkerUpsertSchema, response: StoredReviewMarkerSchema },
  { id: 'deleteReviewMarker', method: 'delete', path: '/assets/{id}/markers', summary: 'Remove a review marker (idempotent)', role: 'editor', query: ReviewMarkerDeleteQuerySchema, status: 204 },
  { id: 'setReviewStatus', method: 'put', path: '/assets/{id}/review-status', summary: 'Set the review status (older changes are ignored; event review.status)', role: 'editor', body: ReviewStatusUpdateSchema, response: ReviewStatusRecordSchema },
  { id: 'listReviewRequests', method: 'get', path: '/review-requests', summary: 'Review requests by Frame.io file', role: 'viewer', query: ReviewRequestQuerySchema, response: items(ReviewRequestSchema) },
  { id: 'claimReviewRequest', method: 'post', path: '/review-requests/claim', summary: 'Bridge: claim the oldest open review request (leased)', role: 'editor', body: ReviewClaimSchema, response: ReviewClaimResultSchema },
  { id: 'reportReviewProgress', method: 'post', path: '/review-requests/{id}/progress', summary: 'Bridge: report a step of a claimed request (extends the lease)', role: 'editor', body: ReviewProgressSchema, response: ReviewRequestSchema },
  {
    id: 'getSignedFile', method: 'get', path: '/s/{token}/assets/{id}/{kind}/{name}', summary: 'A file behind a signed, expiring URL from /assets/{id}/links: original, proxy or thumbnail, no bearer header (403 tampered, 410 expired; Range supported)',
    role: 'none', binary: 'application/octet-stream',
  },
  {
    id: 'getMediaLinks', method: 'get', path: '/assets/{id}/links', summary: 'Signed, expiring URLs to original, proxy and thumbnail that need no bearer header (GET /s/{token}/assets/{id}/{kind}/{file name}; 403 tampered, 410 expired)',
    role: 'viewer', query: MediaLinksQuerySchema, response: MediaLinksSchema,
  },
  { id: 'listRundowns', method: 'get', path: '/rundowns', summary: 'Running orders from newsroom systems, soonest air time first', role: 'viewer', query: RundownListQuerySchema, response: items(RundownSummarySchema) },
  { id: 'lookupRundown', method: 'get', path: '/rundowns/lookup', summary: 'One running order by the NRCS\'s own ids (ncsId, roId)', role: 'viewer', query: RundownKeySchema, response: RundownSchema },
  { id: 'getRundown', method: 'get', path: '/rundowns/{id}', summary: 'One running order with stories and items in order', role: 'viewer', response: RundownSchema },
  { id: 'putRundown', method: 'put', path: '/rundowns', summary: 'Create or replace a running order by (ncsId, roId) (the MOS gateway writes these); answers its summary', role: 'editor', body: RundownInputSchema, response: RundownSummarySchema },
  { id: 'deleteRundown', method: 'delete', path: '/rundowns/{id}', summary: 'Delete a running order', role: 'editor', status: 204 },
  { id: 'listAssetRundowns', method: 'get', path: '/assets/{id}/rundowns', summary: 'Where an asset is used: running order, story and item', role: 'viewer', response: items(RundownLinkSchema) },
  { id: 'createPlaceholder', method: 'post', path: '/assets/placeholders', summary: 'Catalogue a placeholder asset whose media comes later (MOS mosObjCreate)', role: 'editor', body: PlaceholderCreateSchema, response: AssetSchema, status: 201 },
  {
    id: 'attachOriginal', method: 'put', path: '/assets/{id}/original', summary: 'Attach the media of a placeholder (raw body); starts the normal ingest',
    role: 'editor', query: z.object({ fileName: z.string() }), response: AssetSchema,
  },
  { id: 'listLiveChannels', method: 'get', path: '/live/channels', summary: 'Live channels with state, health and buffer window', role: 'viewer', response: items(LiveChannelSchema) },
  { id: 'createLiveChannel', method: 'post', path: '/live/channels', summary: 'Add a live channel (SRT, RTMP listen, RIST, UDP MPEG-TS, HLS pull)', role: 'admin', body: LiveChannelCreateSchema, response: LiveChannelSchema, status: 201 },
  { id: 'getLiveChannel', method: 'get', path: '/live/channels/{id}', summary: 'One live channel', role: 'viewer', response: LiveChannelSchema },
  { id: 'deleteLiveChannel', method: 'delete', path: '/live/channels/{id}', summary: 'Stop and remove a channel and its buffer (clip assets stay)', role: 'admin', status: 204 },
  { id: 'startLiveChannel', method: 'post', path: '/live/channels/{id}/start', summary: 'Start recording', role: 'admin', response: LiveChannelSchema },
  { id: 'stopLiveChannel', method: 'post', path: '/live/channels/{id}/stop', summary: 'Stop recording (the buffer stays)', role: 'admin', response: LiveChannelSchema },
  { id: 'getLiveTimeline', method: 'get', path: '/live/channels/{id}/timeline', summary: 'Recorded ranges and gaps in the buffer', role: 'viewer', response: LiveTimelineSchema },
  { id: 'getLivePreview', method: 'get', path: '/live/channels/{id}/preview.m3u8', summary: 'HLS preview of the buffer (a ?token= is carried onto segment URLs)', role: 'viewer', binary: 'application/vnd.apple.mpegurl' },
  { id: 'getLivePreviewSegment', method: 'get', path: '/live/channels/{id}/preview/{run}/{seq}.ts', summary: 'One preview segment', role: 'viewer', binary: 'video/mp2t' },
  { id: 'listLiveClips', method: 'get', path: '/live/channels/{id}/clips', summary: 'Clips cut from the channel', role: 'viewer', response: items(LiveClipSchema) },
  { id: 'createLiveClip', method: 'post', path: '/live/channels/{id}/clips', summary: 'Cut a clip (omit outAt for an open end); instant then frame-exact master', role: 'editor', body: LiveClipCreateSchema, response: LiveClipAcceptedSchema, status: 202 },
  { id: 'getLiveClip', method: 'get', path: '/live/channels/{id}/clips/{clipId}', summary: 'One clip', role: 'viewer', response: LiveClipSchema },
  { id: 'stopLiveClip', method: 'post', path: '/live/channels/{id}/clips/{clipId}/stop', summary: 'Close an open-ended clip now', role: 'editor', response: LiveClipSchema },
  { id: 'cueOutLiveClip', method: 'post', path: '/live/channels/{id}/cue-out', summary: "Cue-out of a rundown item: close the item's open clip now", role: 'editor', body: LiveCueOutSchema, response: LiveClipSchema },
  { id: 'listLiveRecordings', method: 'get', path: '/live/channels/{id}/recordings', summary: 'Scheduled recordings of the channel', role: 'viewer', response: items(LiveRecordingSchema) },
  { id: 'createLiveRecording', method: 'post', path: '/live/channels/{id}/recordings', summary: 'Schedule a recording (once, daily or weekly in a time zone); each occurrence becomes a clip asset', role: 'editor', body: LiveRecordingCreateSchema, response: LiveRecordingSchema, status: 201 },
  { id: 'getLiveRecording', method: 'get', path: '/live/channels/{id}/recordings/{recId}', summary: 'One scheduled recording with its recent occurrences', role: 'viewer', response: LiveRecordingDetailSchema },
  { id: 'deleteLiveRecording', method: 'delete', path: '/live/channels/{id}/recordings/{recId}', summary: 'Cancel a scheduled recording (clips already made stay)', role: 'editor', status: 204 },
  {
    id: 'getFrame', method: 'get', path: '/assets/{id}/frame', summary: 'The exact frame at ms (or tc in the asset timecode) from the original; PNG at source size unless width/format (frame, ms, timecode in X-Cutaway-Frame, X-Cutaway-Frame-Ms, X-Cutaway-Timecode)',
    role: 'viewer', query: FrameQuerySchema, binary: 'image/png',
  },
  { id: 'uploadVersion', method: 'post', path: '/assets/{id}/versions', summary: 'Upload a new version (multipart: file, title, description, tags, origin); left-out metadata comes from the newest version', role: 'editor', multipart: UploadMetadataSchema.extend({ origin: AssetOriginSchema.shape.kind.optional() }), response: AssetSchema, status: 201 },
  { id: 'listVersions', method: 'get', path: '/assets/{id}/versions', summary: 'The version chain of any member, oldest first', role: 'viewer', response: AssetVersionsSchema },
  ...DELIVERY_OPERATIONS,
  ...ASSISTANT_OPERATIONS,
  // People (issue 17): faces grouped into people, named once, found by name in search.
  { id: 'listPeople', method: 'get', path: '/people', summary: 'People with face and asset counts and their best face thumbnail', role: 'viewer', query: PeopleListQuerySchema, response: PeopleListSchema },
  { id: 'getPerson', method: 'get', path: '/people/{id}', summary: 'One person with every face track (asset, interval, box, confirmed or suggested)', role: 'viewer', response: PersonDetailSchema },
  { id: 'namePerson', method: 'post', path: '/people/{id}/name', summary: 'Name a person (and confirm the face looked at); a name another person has merges the two', role: 'editor', body: PersonNameRequestSchema, response: PersonDetailSchema },
  { id: 'confirmPersonFaces', method: 'post', path: '/people/{id}/confirm', summary: 'Yes, these faces are this person', role: 'editor', body: TrackDecisionRequestSchema, response: PersonDetailSchema },
  { id: 'rejectPersonFaces', method: 'post', path: '/people/{id}/reject', summary: 'No, these faces are not this person (never suggested again)', role: 'editor', body: TrackDecisionRequestSchema, response: PersonDetailSchema },
  { id: 'mergePeople', method: 'post', path: '/people/{id}/merge', summary: 'Merge people into this one', role: 'editor', body: PersonMergeRequestSchema, response: PersonDetailSchema },
  { id: 'splitPerson', method: 'post', path: '/people/{id}/split', summary: 'Move faces to a new (or named) person', role: 'editor', body: PersonSplitRequestSchema, response: PersonDetailSchema, status: 201 },
  { id: 'deletePerson', method: 'delete', path: '/people/{id}', summary: 'Delete a person: their face descriptors and thumbnails are deleted', role: 'editor', status: 204 },
  { id: 'getFaceThumbnail', method: 'get', path: '/people/faces/{id}/thumbnail', summary: "A face track's best face (JPEG, 160 px)", role: 'viewer', binary: 'image/jpeg' },
  { id: 'listAssetFaces', method: 'get', path: '/assets/{id}/faces', summary: "The asset's face tracks and whether its faces are grouped", role: 'viewer', response: z.object({ items: z.array(FaceTrackSchema), grouping: z.boolean() }) },
  { id: 'setAssetFaceGrouping', method: 'put', path: '/assets/{id}/face-grouping', summary: "Per-asset switch: off deletes the asset's face descriptors and keeps them from being grouped", role: 'editor', body: FaceGroupingSettingSchema, response: FaceGroupingSettingSchema },
];

const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

function queryParameters(q: z.ZodObject) {
  const schema = json(q, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s }));
}

/** The 4xx/5xx answers an operation can give, from what it takes (docs/architecture.md "Errors": one status table). */
function errorResponses(op: Operation): Record<string, { description: string; content: object }> {
  const out: Record<string, string> = {};
  const takesInput = Boolean(op.query || op.body || op.multipart || op.path.includes('{id}'));
  if (takesInput) out['400'] = 'Invalid input (request.invalid, search.query_invalid …): details list each field';
  if (op.role !== 'none') out['401'] = 'No token, or an unknown or revoked one (auth.required, auth.invalid_token)';
  if (op.role === 'editor' || op.role === 'admin') out['403'] = `The token's role is below ${op.role} (auth.forbidden)`;
  if (op.path.includes('{id}')) out['404'] = 'No such resource (asset.not_found, job.not_found …)';
  if (op.binary) out['409'] = 'The asset is not ready yet (asset.not_ready)';
  if (op.body || op.multipart) out['413'] = 'Body too large (request.too_large)';
  if (op.body) out['415'] = 'Unsupported body charset or encoding (request.unsupported_media_type)';
  if (op.binary && op.path.endsWith('/media')) out['416'] = 'Range or inMs/outMs outside the media (media.range_invalid)';
  if (op.multipart) out['507'] = 'Storage is full (storage.full): nothing was kept';
  return Object.fromEntries(Object.entries(out).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
}

function operation(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const params = [...pathParams, ...(op.query ? queryParameters(op.query) : [])];
  const status = String(op.status ?? 200);
  const content = op.response ? { 'application/json': { schema: json(op.response, 'output') } } : op.binary ? { [op.binary]: { schema: { type: 'string', format: 'binary' } } } : undefined;
  return {
    operationId: op.id,
    summary: op.summary,
    'x-required-role': op.role,
    ...(op.role === 'none' ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body, 'input') } } } } : {}),
    ...(op.multipart
      ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...(json(op.multipart, 'input') as { properties: object }).properties } } } } } }
      : {}),
    responses: {
      [status]: { description: 'OK', ...(op.headers ? { headers: op.headers } : {}), ...(content ? { content } : {}) },
      ...(op.alsoOk ? { [String(op.alsoOk.status)]: { description: op.alsoOk.description, ...(content ? { content } : {}) } } : {}),
      ...errorResponses(op),
      default: { description: 'Error', content: { 'application/json': { schema: json(ErrorBody, 'output') } } },
    },
  };
}

/** OpenAPI 3.1 from the same zod schemas the server validates with and the client parses with. */
export function buildOpenApi(version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  Object.assign(paths, TUS_PATHS);
  return {
    openapi: '3.1.0',
    info: { title: 'Cutaway platform-api', version, description: 'Storage, ingest, proxies and time-coded search. Events: ws at /api/v1/events (?token=); resumable uploads: tus 1.0.0 at /api/v1/uploads.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: json(ErrorBody, 'output'), Asset: json(AssetSchema, 'output'), Moment: json(MomentSchema, 'output'), Event: json(EventSchema, 'output') },
    },
    paths,
  };
}
