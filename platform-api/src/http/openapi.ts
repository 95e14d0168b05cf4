import { z } from 'zod';
import {
  AssetListQuerySchema, AssetPageSchema, AssetPatchSchema, AssetSchema, EventSchema, HealthSchema, JobSchema,
  MomentListQuerySchema, MomentSchema, SearchQuerySchema, SearchResultSchema, TokenCreateSchema, TokenCreatedSchema,
  TokenInfoSchema, UploadMetadataSchema, WatchFolderCreateSchema, WatchFolderSchema, EnrichRequestSchema,
  VocabularyEntryCreateSchema, VocabularyEntrySchema, TierChangeSchema, RestoreRequestSchema,
  AuditQuerySchema, AuditPageSchema, UploadedAssetSchema,
  ArchivePolicyCreateSchema, ArchivePolicySchema, PolicyRunSchema, StorageReportQuerySchema, StorageReportSchema,
} from '@cutaway/shared';
import { MediaLinksQuerySchema, MediaLinksSchema } from '@cutaway/shared';
import { PlaceholderCreateSchema, RundownInputSchema, RundownKeySchema, RundownLinkSchema, RundownListQuerySchema, RundownSchema, RundownSummarySchema } from '@cutaway/shared';
import {
  ReviewClaimResultSchema, ReviewClaimSchema, ReviewDestinationCreateSchema, ReviewDestinationSchema, ReviewMarkerDeleteQuerySchema,
  ReviewMarkerUpsertSchema, ReviewProgressSchema, ReviewRequestCreateSchema, ReviewRequestQuerySchema, ReviewRequestSchema,
  ReviewStatusRecordSchema, ReviewStatusUpdateSchema, ReviewSummarySchema, StoredReviewMarkerSchema,
} from '@cutaway/shared';

interface Operation {
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
  /** A second success status with the same body, and when it is sent. */
  alsoOk?: { status: number; description: string };
}

const items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

/** The route table the document is built from; handlers validate with these same schemas. */
const OPERATIONS: Operation[] = [
  { method: 'get', path: '/health', summary: 'Component health (no token needed)', role: 'none', response: HealthSchema },
  { method: 'get', path: '/assets', summary: 'List assets, newest first', role: 'viewer', query: AssetListQuerySchema, response: AssetPageSchema },
  { method: 'post', path: '/assets', summary: 'Upload a file (multipart: file, title, description, tags); duplicateOf names an asset with the same bytes', role: 'editor', multipart: UploadMetadataSchema, response: UploadedAssetSchema, status: 201 },
  { method: 'get', path: '/assets/{id}', summary: 'One asset', role: 'viewer', response: AssetSchema },
  { method: 'patch', path: '/assets/{id}', summary: 'Edit title, description, tags', role: 'editor', body: AssetPatchSchema, response: AssetSchema },
  { method: 'delete', path: '/assets/{id}', summary: 'Delete the asset, its files and segments', role: 'editor', status: 204 },
  { method: 'get', path: '/assets/{id}/moments', summary: 'Time-coded segments of the asset', role: 'viewer', query: MomentListQuerySchema, response: items(MomentSchema) },
  { method: 'get', path: '/assets/{id}/proxy', summary: '360p proxy (Range supported)', role: 'viewer', binary: 'video/mp4' },
  { method: 'get', path: '/assets/{id}/thumbnail', summary: 'Keyframe thumbnail at or before atMs', role: 'viewer', query: z.object({ atMs: z.number().int().optional() }), binary: 'image/jpeg' },
  { method: 'get', path: '/assets/{id}/sprite', summary: '1 fps scrub sprite (layout in the sprite rendition)', role: 'viewer', binary: 'image/jpeg' },
  { method: 'get', path: '/assets/{id}/poster', summary: 'Poster frame', role: 'viewer', binary: 'image/jpeg' },
  { method: 'get', path: '/assets/{id}/preview', summary: 'Image preview', role: 'viewer', binary: 'image/jpeg' },
  {
    method: 'get', path: '/assets/{id}/media', summary: 'File for an NLE; with inMs/outMs a stream-copied sub-range widened to keyframes (real in/out in X-Cutaway-In-Ms / X-Cutaway-Out-Ms)',
    role: 'viewer', query: z.object({ rendition: z.enum(['original', 'proxy']).optional(), inMs: z.number().int().optional(), outMs: z.number().int().optional() }), binary: 'application/octet-stream',
  },
  { method: 'get', path: '/search', summary: 'Time-coded search, grouped by asset', role: 'viewer', query: SearchQuerySchema, response: SearchResultSchema },
  { method: 'get', path: '/health/live', summary: 'Liveness probe', role: 'none', response: z.object({ ok: z.boolean() }) },
  { method: 'get', path: '/health/ready', summary: 'Readiness probe (503 while starting or draining)', role: 'none', response: z.object({ ok: z.boolean(), accepting: z.boolean(), db: z.boolean() }) },
  { method: 'post', path: '/assets/{id}/enrich', summary: 'Re-run enrichment steps (each replaces its own segments)', role: 'editor', body: EnrichRequestSchema, response: AssetSchema, status: 202 },
  { method: 'post', path: '/assets/{id}/tier', summary: 'Move the original to a storage tier (200 when done at once; 202 with asset.tierMove while a byte-copying move is queued)', role: 'editor', body: TierChangeSchema, response: AssetSchema },
  { method: 'post', path: '/assets/{id}/restore', summary: 'Restore an archived original, optionally needed by a time (progress, ETA and a late warning in asset.restore)', role: 'editor', body: RestoreRequestSchema, response: AssetSchema, status: 202,
    alsoOk: { status: 200, description: 'Nothing to restore: the storage engine keeps archived originals readable (restore.state not_needed)' } },
  { method: 'get', path: '/archive/policies', summary: 'Lifecycle policies', role: 'editor', response: items(ArchivePolicySchema) },
  { method: 'post', path: '/archive/policies', summary: 'Add a lifecycle policy', role: 'admin', body: ArchivePolicyCreateSchema, response: ArchivePolicySchema, status: 201 },
  { method: 'get', path: '/archive/policies/{id}', summary: 'One lifecycle policy', role: 'editor', response: ArchivePolicySchema },
  { method: 'put', path: '/archive/policies/{id}', summary: 'Replace a lifecycle policy', role: 'admin', body: ArchivePolicyCreateSchema, response: ArchivePolicySchema },
  { method: 'delete', path: '/archive/policies/{id}', summary: 'Remove a lifecycle policy', role: 'admin', status: 204 },
  { method: 'post', path: '/archive/policies/{id}/dry-run', summary: 'What the policy would move now, and the bytes (moves nothing)', role: 'editor', response: PolicyRunSchema },
  { method: 'post', path: '/archive/policies/{id}/run', summary: 'Queue a durable move per matching original now', role: 'admin', response: PolicyRunSchema, status: 202 },
  { method: 'get', path: '/storage/report', summary: 'Objects, bytes and monthly cost per tier and rendition, the saving against all-online, restores this month (?format=csv)', role: 'editor', query: StorageReportQuerySchema, response: StorageReportSchema },
  { method: 'get', path: '/vocabulary', summary: 'Alias groups applied at query time', role: 'viewer', response: items(VocabularyEntrySchema) },
  { method: 'post', path: '/vocabulary', summary: 'Add an alias group', role: 'editor', body: VocabularyEntryCreateSchema, response: VocabularyEntrySchema, status: 201 },
  { method: 'put', path: '/vocabulary/{id}', summary: 'Replace an alias group', role: 'editor', body: VocabularyEntryCreateSchema, response: VocabularyEntrySchema },
  { method: 'delete', path: '/vocabulary/{id}', summary: 'Remove an alias group', role: 'editor', status: 204 },
  { method: 'get', path: '/jobs', summary: 'Jobs', role: 'viewer', query: z.object({ assetId: z.string().optional(), status: JobSchema.shape.status.optional() }), response: items(JobSchema) },
  { method: 'get', path: '/jobs/{id}', summary: 'One job', role: 'viewer', response: JobSchema },
  { method: 'get', path: '/tokens', summary: 'API tokens', role: 'admin', response: items(TokenInfoSchema) },
  { method: 'post', path: '/tokens', summary: 'Create a token (the secret is shown once)', role: 'admin', body: TokenCreateSchema, response: TokenCreatedSchema, status: 201 },
  { method: 'delete', path: '/tokens/{id}', summary: 'Revoke a token', role: 'admin', status: 204 },
  { method: 'get', path: '/watch-folders', summary: 'Watch folders', role: 'admin', response: items(WatchFolderSchema) },
  { method: 'post', path: '/watch-folders', summary: 'Watch a folder', role: 'admin', body: WatchFolderCreateSchema, response: WatchFolderSchema, status: 201 },
  { method: 'delete', path: '/watch-folders/{id}', summary: 'Stop watching', role: 'admin', status: 204 },
  { method: 'get', path: '/audit', summary: 'Audit trail of writes, newest first (filters: tokenId, assetId, action, channel, from, to)', role: 'admin', query: AuditQuerySchema, response: AuditPageSchema },
  {
    method: 'get', path: '/assets/{id}/links', summary: 'Signed, expiring URLs to original, proxy and thumbnail that need no bearer header (GET /s/{token}/assets/{id}/{kind}/{file name}; 403 tampered, 410 expired)',
    role: 'viewer', query: MediaLinksQuerySchema, response: MediaLinksSchema,
  },
  { method: 'get', path: '/rundowns', summary: 'Running orders from newsroom systems, soonest air time first', role: 'viewer', query: RundownListQuerySchema, response: items(RundownSummarySchema) },
  { method: 'get', path: '/rundowns/lookup', summary: 'One running order by the NRCS\'s own ids (ncsId, roId)', role: 'viewer', query: RundownKeySchema, response: RundownSchema },
  { method: 'get', path: '/rundowns/{id}', summary: 'One running order with stories and items in order', role: 'viewer', response: RundownSchema },
  { method: 'put', path: '/rundowns', summary: 'Create or replace a running order by (ncsId, roId) (the MOS gateway writes these); answers its summary', role: 'editor', body: RundownInputSchema, response: RundownSummarySchema },
  { method: 'delete', path: '/rundowns/{id}', summary: 'Delete a running order', role: 'editor', status: 204 },
  { method: 'get', path: '/assets/{id}/rundowns', summary: 'Where an asset is used: running order, story and item', role: 'viewer', response: items(RundownLinkSchema) },
  { method: 'post', path: '/assets/placeholders', summary: 'Catalogue a placeholder asset whose media comes later (MOS mosObjCreate)', role: 'editor', body: PlaceholderCreateSchema, response: AssetSchema, status: 201 },
  {
    method: 'put', path: '/assets/{id}/original', summary: 'Attach the media of a placeholder (raw body); starts the normal ingest',
    role: 'editor', query: z.object({ fileName: z.string() }), response: AssetSchema,
  },
  { method: 'get', path: '/review-destinations', summary: 'Frame.io destinations (account, workspace, project, folder)', role: 'viewer', response: items(ReviewDestinationSchema) },
  { method: 'post', path: '/review-destinations', summary: 'Add a Frame.io destination', role: 'admin', body: ReviewDestinationCreateSchema, response: ReviewDestinationSchema, status: 201 },
  { method: 'delete', path: '/review-destinations/{id}', summary: 'Remove a destination', role: 'admin', status: 204 },
  { method: 'post', path: '/assets/{id}/review', summary: 'Push for review: a durable request the Frame.io bridge carries out (events: review.updated)', role: 'editor', body: ReviewRequestCreateSchema, response: ReviewRequestSchema, status: 202 },
  { method: 'get', path: '/assets/{id}/review', summary: 'Review state of an asset version: status, push requests with progress, markers', role: 'viewer', response: ReviewSummarySchema },
  { method: 'put', path: '/assets/{id}/markers', summary: 'Create or replace a review marker (a searchable marker moment; event review.marker)', role: 'editor', body: ReviewMarkerUpsertSchema, response: StoredReviewMarkerSchema },
  { method: 'delete', path: '/assets/{id}/markers', summary: 'Remove a review marker (idempotent)', role: 'editor', query: ReviewMarkerDeleteQuerySchema, status: 204 },
  { method: 'put', path: '/assets/{id}/review-status', summary: 'Set the review status (older changes are ignored; event review.status)', role: 'editor', body: ReviewStatusUpdateSchema, response: ReviewStatusRecordSchema },
  { method: 'get', path: '/review-requests', summary: 'Review requests by Frame.io file', role: 'viewer', query: ReviewRequestQuerySchema, response: items(ReviewRequestSchema) },
  { method: 'post', path: '/review-requests/claim', summary: 'Bridge: claim the oldest open review request (leased)', role: 'editor', body: ReviewClaimSchema, response: ReviewClaimResultSchema },
  { method: 'post', path: '/review-requests/{id}/progress', summary: 'Bridge: report a step of a claimed request (extends the lease)', role: 'editor', body: ReviewProgressSchema, response: ReviewRequestSchema },
];

const json = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

function queryParameters(q: z.ZodObject) {
  const schema = json(q, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s }));
}

function operation(op: Operation) {
  const params = [...(op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : []), ...(op.query ? queryParameters(op.query) : [])];
  const status = String(op.status ?? 200);
  const content = op.response ? { 'application/json': { schema: json(op.response, 'output') } } : op.binary ? { [op.binary]: { schema: { type: 'string', format: 'binary' } } } : undefined;
  return {
    summary: op.summary,
    'x-required-role': op.role,
    ...(op.role === 'none' ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body, 'input') } } } } : {}),
    ...(op.multipart
      ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...(json(op.multipart, 'input') as { properties: object }).properties } } } } } }
      : {}),
    responses: {
      [status]: { description: 'OK', ...(content ? { content } : {}) },
      ...(op.alsoOk ? { [String(op.alsoOk.status)]: { description: op.alsoOk.description, ...(content ? { content } : {}) } } : {}),
      default: { description: 'Error', content: { 'application/json': { schema: json(ErrorBody, 'output') } } },
    },
  };
}

/** OpenAPI 3.1 from the same zod schemas the server validates with and the client parses with. */
export function buildOpenApi(version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: { title: 'Cutaway platform-api', version, description: 'Storage, ingest, proxies and time-coded search. Events: ws at /api/v1/events (?token=); resumable uploads: tus 1.0.0 at /api/v1/uploads.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Asset: json(AssetSchema, 'output'), Moment: json(MomentSchema, 'output'), Event: json(EventSchema, 'output') },
    },
    paths,
  };
}
