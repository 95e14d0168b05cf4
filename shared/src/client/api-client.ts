import { z } from 'zod';
import { AppError } from '../errors/index';
import {
  AssetListQuerySchema, AssetPageSchema, AssetPatchSchema, AssetSchema, HealthSchema, JobSchema,
  MomentSchema, SearchQuerySchema, SearchResultSchema, TokenCreateSchema, TokenCreatedSchema, TokenInfoSchema,
  UploadMetadataSchema, WatchFolderCreateSchema, WatchFolderSchema,
  type Asset, type AssetPage, type Health, type Job, type JobStatus, type Moment, type MomentKind, type SearchQueryInput,
  type SearchResult, type TokenCreated, type TokenInfo, type WatchFolder,
  AuditPageSchema, AuditQuerySchema, UploadedAssetSchema, type AuditPage, type AuditQueryInput, type UploadedAsset,
  ArchivePolicyCreateSchema, ArchivePolicySchema, PolicyRunSchema, RestoreRequestSchema, StorageReportSchema, TierChangeSchema,
  type ArchivePolicy, type PolicyRun, type StorageReport, type StorageTier,
} from '../schemas/index';
import { MediaLinksSchema, type MediaLinks } from '../schemas/index';
import {
  ApprovalListQuerySchema, ApprovalPageSchema, ApprovalSchema, AssistantChatRequestSchema, AssistantChatResponseSchema, SavedPromptListSchema, SavedPromptSchema, ScopeSchema,
  type Approval, type ApprovalListQueryInput, type ApprovalPage, type AssistantChatRequest, type AssistantChatResponse, type SavedPrompt,
} from '../schemas/index';

const AssistantToolListSchema = z.object({
  available: z.boolean(),
  items: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), scope: ScopeSchema })),
});
import {
  FaceGroupingSettingSchema, FaceTrackSchema, PeopleListSchema, PersonDetailSchema, PersonMergeRequestSchema, PersonNameRequestSchema, PersonSplitRequestSchema,
  TrackDecisionRequestSchema, type FaceTrack, type PeopleListQuery, type Person, type PersonDetail,
} from '../schemas/index';
import {
  PlaceholderCreateSchema, RundownInputSchema, RundownLinkSchema, RundownListQuerySchema, RundownSchema, RundownSummarySchema,
  type Rundown, type RundownLink, type RundownSummary,
} from '../schemas/index';
import {
  EnrichRequestSchema, VocabularyEntryCreateSchema, VocabularyEntrySchema, type VocabularyEntry,
} from '../schemas/index';
import {
  LiveChannelCreateSchema, LiveChannelSchema, LiveClipAcceptedSchema, LiveClipCreateSchema, LiveClipSchema, LiveCueOutSchema, LiveTimelineSchema,
  type LiveChannel, type LiveClip, type LiveClipAccepted, type LiveTimeline,
} from '../schemas/live';
import { LiveRecordingCreateSchema, LiveRecordingDetailSchema, LiveRecordingSchema, type LiveRecording, type LiveRecordingDetail } from '../schemas/live-recording';
import {
  ReviewClaimResultSchema, ReviewClaimSchema, ReviewDestinationCreateSchema, ReviewDestinationSchema, ReviewMarkerUpsertSchema,
  ReviewProgressSchema, ReviewRequestCreateSchema, ReviewRequestSchema, ReviewStatusRecordSchema, ReviewStatusUpdateSchema,
  ReviewSummarySchema, StoredReviewMarkerSchema,
  type ReviewClaimResult, type ReviewDestination, type ReviewRequest, type ReviewStatusRecord, type ReviewSummary, type StoredReviewMarker,
} from '../schemas/review-request';
import { fetchTransport, parseJsonText, type HttpMethod, type HttpTransport } from './transport';
import { AssetVersionsSchema, FrameInfoSchema, FrameQuerySchema, type AssetOrigin, type AssetVersions, type FrameInfo, type FrameQueryInput } from '../schemas/index';
import { TextDecoderLite } from './utf8';
import { apiRoot, seg, withQuery, type Query } from './url';

export interface CutawayClientOptions {
  /** Server origin plus any reverse-proxy prefix; `/api/v1` is appended (and tolerated if already there). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; omit for unauthenticated calls such as health(). */
  token?: string;
  /** Default fetchTransport() (UXP, browsers, Node); Node services may pass axiosTransport(axios.create()). */
  transport?: HttpTransport;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface UploadMeta {
  fileName: string;
  title?: string;
  description?: string;
  tags?: string[] | string;
}

export interface MediaUrlOptions {
  rendition: 'original' | 'proxy';
  inMs?: number;
  outMs?: number;
  /** Put the token in the URL; see mediaUrl(). */
  withToken?: boolean;
}

const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const MomentListSchema = itemsOf(MomentSchema);
const JobListSchema = itemsOf(JobSchema);
const TokenListSchema = itemsOf(TokenInfoSchema);
const WatchFolderListSchema = itemsOf(WatchFolderSchema);
const VocabularyListSchema = itemsOf(VocabularyEntrySchema);
const ReviewDestinationListSchema = itemsOf(ReviewDestinationSchema);
const ReviewRequestListSchema = itemsOf(ReviewRequestSchema);

/** A rendition's bytes as a stream (web ReadableStream with fetch, Node Readable with axios) plus the cut's real in/out. */
export interface MediaDownload {
  body: unknown;
  sizeBytes: number | null;
  contentType: string | null;
  inMs: number | null;
  outMs: number | null;
}

interface Call extends CallOptions {
  query?: Query;
  body?: unknown;
}

/**
 * Typed platform-api client. Every response is checked against its shared zod schema, so server drift
 * surfaces as AppError('internal') with the zod issues instead of a silently wrong type; error bodies
 * come back as the server's own AppError; inputs are validated with the server's schemas before sending.
 */
export class CutawayClient {
  private readonly root: string;
  private readonly token: string | undefined;
  private readonly transport: HttpTransport;

  constructor(options: CutawayClientOptions) {
    this.root = apiRoot(options.baseUrl);
    this.token = options.token;
    this.transport = options.transport ?? fetchTransport();
  }

  async health(o?: CallOptions): Promise<Health> { return this.json(HealthSchema, 'GET', '/health', o); }

  async listAssets(query: z.input<typeof AssetListQuerySchema> = {}, o?: CallOptions): Promise<AssetPage> {
    return this.json(AssetPageSchema, 'GET', '/assets', { ...o, query: input(AssetListQuerySchema, query, 'asset list query') });
  }
  async getAsset(id: string, o?: CallOptions): Promise<Asset> { return this.json(AssetSchema, 'GET', `/assets/${seg(id)}`, o); }
  async patchAsset(id: string, patch: z.input<typeof AssetPatchSchema>, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'PATCH', `/assets/${seg(id)}`, { ...o, body: input(AssetPatchSchema, patch, 'asset patch') });
  }
  async deleteAsset(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/assets/${seg(id)}`, o); }

  async moments(id: string, kind?: MomentKind, o?: CallOptions): Promise<Moment[]> {
    return (await this.json(MomentListSchema, 'GET', `/assets/${seg(id)}/moments`, { ...o, query: { kind } })).items;
  }

  /** Parsed with SearchQuerySchema first: defaults filled in, list filters sent comma-separated. */
  async search(query: SearchQueryInput, o?: CallOptions): Promise<SearchResult> {
    return this.json(SearchResultSchema, 'GET', '/search', { ...o, query: input(SearchQuerySchema, query, 'search query') });
  }

  /** Multipart: the metadata fields go before `file`, so a streaming server knows them when the bytes start. */
  async uploadAsset(file: Blob, meta: UploadMeta, o?: CallOptions): Promise<UploadedAsset> {
    const { title, description, tags } = input(UploadMetadataSchema, meta, 'upload metadata');
    if (!meta.fileName) throw new AppError('request.invalid', 'invalid upload metadata: fileName is required');
    const form = new FormData();
    if (title !== undefined) form.append('title', title);
    if (description !== undefined) form.append('description', description);
    if (tags !== undefined) form.append('tags', tags.join(','));
    form.append('file', file, meta.fileName);
    // `duplicateOf` names an asset that already has these exact bytes; the new asset exists either way.
    return this.json(UploadedAssetSchema, 'POST', '/assets', { ...o, body: form });
  }

  /**
   * URLs for <video>/<img>, which cannot send an Authorization header. `withToken` puts the token in the
   * query string, where it can end up in proxy logs and browser history: use it only for such elements.
   */
  mediaUrl(id: string, { rendition, inMs, outMs, withToken }: MediaUrlOptions): string {
    return this.url(`/assets/${seg(id)}/media`, { rendition, inMs, outMs }, withToken);
  }
  /** `atMs` picks the keyframe thumbnail at or before that media time. */
  renditionUrl(id: string, kind: 'proxy' | 'thumbnail' | 'sprite' | 'poster' | 'preview', o: { withToken?: boolean; atMs?: number } = {}): string {
    return this.url(`/assets/${seg(id)}/${kind}`, kind === 'thumbnail' && o.atMs !== undefined ? { atMs: o.atMs } : {}, o.withToken);
  }

  /** Signed, expiring links (no bearer needed) for playout servers, NRCS and players; default lifetime set by the server. */
  async mediaLinks(id: string, options: { ttlSeconds?: number } = {}, o?: CallOptions): Promise<MediaLinks> {
    return this.json(MediaLinksSchema, 'GET', `/assets/${seg(id)}/links`, { ...o, query: { ttlSeconds: options.ttlSeconds } });
  }

  async listRundowns(query: z.input<typeof RundownListQuerySchema> = {}, o?: CallOptions): Promise<RundownSummary[]> {
    return (await this.json(itemsOf(RundownSummarySchema), 'GET', '/rundowns', { ...o, query: input(RundownListQuerySchema, query, 'rundown list query') })).items;
  }
  async getRundown(id: string, o?: CallOptions): Promise<Rundown> { return this.json(RundownSchema, 'GET', `/rundowns/${seg(id)}`, o); }
  /** By the NRCS's own ids (they may hold `/`, `;`, `\\`); AppError `rundown.not_found` when unknown. */
  async findRundown(ncsId: string, roId: string, o?: CallOptions): Promise<Rundown> {
    return this.json(RundownSchema, 'GET', '/rundowns/lookup', { ...o, query: { ncsId, roId } });
  }
  /** Creates or replaces by (ncsId, roId): the MOS gateway's one write. Answers the summary (id, counts). */
  async putRundown(rundown: z.input<typeof RundownInputSchema>, o?: CallOptions): Promise<RundownSummary> {
    return this.json(RundownSummarySchema, 'PUT', '/rundowns', { ...o, body: input(RundownInputSchema, rundown, 'rundown') });
  }
  async deleteRundown(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/rundowns/${seg(id)}`, o); }
  async assetRundowns(id: string, o?: CallOptions): Promise<RundownLink[]> {
    return (await this.json(itemsOf(RundownLinkSchema), 'GET', `/assets/${seg(id)}/rundowns`, o)).items;
  }
  /** An asset with no media yet (status `placeholder`, MOS mosObjCreate); attachOriginal() fills it. */
  async createPlaceholder(create: z.input<typeof PlaceholderCreateSchema>, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'POST', '/assets/placeholders', { ...o, body: input(PlaceholderCreateSchema, create, 'placeholder') });
  }
  async attachOriginal(id: string, file: Blob | ArrayBuffer | Uint8Array, fileName: string, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'PUT', `/assets/${seg(id)}/original`, { ...o, query: { fileName }, body: file });
  }

  /** The token making the request (id, name, role, kind): what a front end may offer. */
  async me(o?: CallOptions): Promise<TokenInfo> { return this.json(TokenInfoSchema, 'GET', '/me', o); }
  async listTokens(o?: CallOptions): Promise<TokenInfo[]> { return (await this.json(TokenListSchema, 'GET', '/tokens', o)).items; }
  /** The secret is in the result once; the server keeps only its hash. */
  async createToken(create: z.input<typeof TokenCreateSchema>, o?: CallOptions): Promise<TokenCreated> {
    return this.json(TokenCreatedSchema, 'POST', '/tokens', { ...o, body: input(TokenCreateSchema, create, 'token') });
  }
  async revokeToken(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/tokens/${seg(id)}`, o); }

  async listWatchFolders(o?: CallOptions): Promise<WatchFolder[]> {
    return (await this.json(WatchFolderListSchema, 'GET', '/watch-folders', o)).items;
  }
  async createWatchFolder(create: z.input<typeof WatchFolderCreateSchema>, o?: CallOptions): Promise<WatchFolder> {
    return this.json(WatchFolderSchema, 'POST', '/watch-folders', { ...o, body: input(WatchFolderCreateSchema, create, 'watch folder') });
  }
  async deleteWatchFolder(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/watch-folders/${seg(id)}`, o); }

  async getJob(id: string, o?: CallOptions): Promise<Job> { return this.json(JobSchema, 'GET', `/jobs/${seg(id)}`, o); }
  async listJobs(filter: { assetId?: string; status?: JobStatus } = {}, o?: CallOptions): Promise<Job[]> {
    return (await this.json(JobListSchema, 'GET', '/jobs', { ...o, query: { ...filter } })).items;
  }

  /** Re-runs enrichment steps (202: queued); each step replaces its own segments. */
  async enrichAsset(id: string, request: z.input<typeof EnrichRequestSchema>, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'POST', `/assets/${seg(id)}/enrich`, { ...o, body: input(EnrichRequestSchema, request, 'enrich request') });
  }
  async listVocabulary(o?: CallOptions): Promise<VocabularyEntry[]> { return (await this.json(VocabularyListSchema, 'GET', '/vocabulary', o)).items; }
  async createVocabularyEntry(entry: z.input<typeof VocabularyEntryCreateSchema>, o?: CallOptions): Promise<VocabularyEntry> {
    return this.json(VocabularyEntrySchema, 'POST', '/vocabulary', { ...o, body: input(VocabularyEntryCreateSchema, entry, 'vocabulary entry') });
  }
  async replaceVocabularyEntry(id: string, entry: z.input<typeof VocabularyEntryCreateSchema>, o?: CallOptions): Promise<VocabularyEntry> {
    return this.json(VocabularyEntrySchema, 'PUT', `/vocabulary/${seg(id)}`, { ...o, body: input(VocabularyEntryCreateSchema, entry, 'vocabulary entry') });
  }
  async deleteVocabularyEntry(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/vocabulary/${seg(id)}`, o); }

  // People (issue 17): faces grouped into people, named once.
  async listPeople(query: Partial<PeopleListQuery> = {}, o?: CallOptions): Promise<Person[]> {
    return (await this.json(PeopleListSchema, 'GET', '/people', { ...o, query: { ...query } })).items;
  }
  async getPerson(id: string, o?: CallOptions): Promise<PersonDetail> { return this.json(PersonDetailSchema, 'GET', `/people/${seg(id)}`, o); }
  async namePerson(id: string, name: string, trackId?: string, o?: CallOptions): Promise<PersonDetail> {
    return this.json(PersonDetailSchema, 'POST', `/people/${seg(id)}/name`, { ...o, body: input(PersonNameRequestSchema, { name, ...(trackId ? { trackId } : {}) }, 'name') });
  }
  async confirmFaces(id: string, trackIds: string[], o?: CallOptions): Promise<PersonDetail> {
    return this.json(PersonDetailSchema, 'POST', `/people/${seg(id)}/confirm`, { ...o, body: input(TrackDecisionRequestSchema, { trackIds }, 'faces') });
  }
  async rejectFaces(id: string, trackIds: string[], o?: CallOptions): Promise<PersonDetail> {
    return this.json(PersonDetailSchema, 'POST', `/people/${seg(id)}/reject`, { ...o, body: input(TrackDecisionRequestSchema, { trackIds }, 'faces') });
  }
  async mergePeople(id: string, from: string[], o?: CallOptions): Promise<PersonDetail> {
    return this.json(PersonDetailSchema, 'POST', `/people/${seg(id)}/merge`, { ...o, body: input(PersonMergeRequestSchema, { from }, 'merge') });
  }
  async splitPerson(id: string, trackIds: string[], name?: string, o?: CallOptions): Promise<PersonDetail> {
    return this.json(PersonDetailSchema, 'POST', `/people/${seg(id)}/split`, { ...o, body: input(PersonSplitRequestSchema, { trackIds, ...(name ? { name } : {}) }, 'split') });
  }
  async deletePerson(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/people/${seg(id)}`, o); }
  /**
   * Where a face picture is, for <img>: `person.thumbnailUrl` and `track.thumbnailUrl` are paths under
   * /api/v1 (as the server returns them); this makes them absolute, with the token when asked (see mediaUrl()).
   */
  faceThumbnailUrl(thumbnailPath: string, o: { withToken?: boolean } = {}): string {
    return this.url(thumbnailPath.replace(/^\/api\/v1/, ''), {}, o.withToken);
  }
  async assetFaces(id: string, o?: CallOptions): Promise<{ items: FaceTrack[]; grouping: boolean }> {
    return this.json(z.object({ items: z.array(FaceTrackSchema), grouping: z.boolean() }), 'GET', `/assets/${seg(id)}/faces`, o);
  }
  async setFaceGrouping(id: string, grouping: boolean, o?: CallOptions): Promise<{ grouping: boolean }> {
    return this.json(FaceGroupingSettingSchema, 'PUT', `/assets/${seg(id)}/face-grouping`, { ...o, body: input(FaceGroupingSettingSchema, { grouping }, 'face grouping') });
  }

  /** Admin only: the audit trail of writes, newest first; page on with `cursor: page.nextCursor`. */
  async listAudit(query: AuditQueryInput = {}, o?: CallOptions): Promise<AuditPage> {
    return this.json(AuditPageSchema, 'GET', '/audit', { ...o, query: input(AuditQuerySchema, query, 'audit query') });
  }

  // Live channels and clips (issue 11).
  async listLiveChannels(o?: CallOptions): Promise<LiveChannel[]> {
    return (await this.json(itemsOf(LiveChannelSchema), 'GET', '/live/channels', o)).items;
  }
  async createLiveChannel(create: z.input<typeof LiveChannelCreateSchema>, o?: CallOptions): Promise<LiveChannel> {
    return this.json(LiveChannelSchema, 'POST', '/live/channels', { ...o, body: input(LiveChannelCreateSchema, create, 'live channel') });
  }
  async getLiveChannel(id: string, o?: CallOptions): Promise<LiveChannel> { return this.json(LiveChannelSchema, 'GET', `/live/channels/${seg(id)}`, o); }
  async startLiveChannel(id: string, o?: CallOptions): Promise<LiveChannel> { return this.json(LiveChannelSchema, 'POST', `/live/channels/${seg(id)}/start`, o); }
  async stopLiveChannel(id: string, o?: CallOptions): Promise<LiveChannel> { return this.json(LiveChannelSchema, 'POST', `/live/channels/${seg(id)}/stop`, o); }
  async deleteLiveChannel(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/live/channels/${seg(id)}`, o); }
  async liveTimeline(id: string, o?: CallOptions): Promise<LiveTimeline> { return this.json(LiveTimelineSchema, 'GET', `/live/channels/${seg(id)}/timeline`, o); }
  /** For an HLS player (which cannot send headers): the token goes in the URL and onto every segment URL. */
  livePreviewUrl(id: string, o: { withToken?: boolean } = {}): string {
    return this.url(`/live/channels/${seg(id)}/preview.m3u8`, {}, o.withToken);
  }
  async listLiveClips(channelId: string, o?: CallOptions): Promise<LiveClip[]> {
    return (await this.json(itemsOf(LiveClipSchema), 'GET', `/live/channels/${seg(channelId)}/clips`, o)).items;
  }
  async createLiveClip(channelId: string, create: z.input<typeof LiveClipCreateSchema>, o?: CallOptions): Promise<LiveClipAccepted> {
    return this.json(LiveClipAcceptedSchema, 'POST', `/live/channels/${seg(channelId)}/clips`, { ...o, body: input(LiveClipCreateSchema, create, 'live clip') });
  }
  async getLiveClip(channelId: string, clipId: string, o?: CallOptions): Promise<LiveClip> {
    return this.json(LiveClipSchema, 'GET', `/live/channels/${seg(channelId)}/clips/${seg(clipId)}`, o);
  }
  async stopLiveClip(channelId: string, clipId: string, o?: CallOptions): Promise<LiveClip> {
    return this.json(LiveClipSchema, 'POST', `/live/channels/${seg(channelId)}/clips/${seg(clipId)}/stop`, o);
  }
  async listLiveRecordings(channelId: string, o?: CallOptions): Promise<LiveRecording[]> {
    return (await this.json(itemsOf(LiveRecordingSchema), 'GET', `/live/channels/${seg(channelId)}/recordings`, o)).items;
  }
  async createLiveRecording(channelId: string, create: z.input<typeof LiveRecordingCreateSchema>, o?: CallOptions): Promise<LiveRecording> {
    return this.json(LiveRecordingSchema, 'POST', `/live/channels/${seg(channelId)}/recordings`, { ...o, body: input(LiveRecordingCreateSchema, create, 'live recording') });
  }
  async getLiveRecording(channelId: string, id: string, o?: CallOptions): Promise<LiveRecordingDetail> {
    return this.json(LiveRecordingDetailSchema, 'GET', `/live/channels/${seg(channelId)}/recordings/${seg(id)}`, o);
  }
  async deleteLiveRecording(channelId: string, id: string, o?: CallOptions): Promise<void> {
    await this.send('DELETE', `/live/channels/${seg(channelId)}/recordings/${seg(id)}`, o);
  }
  /** Cue-out of a rundown item: closes the item's open clip (the cue-in is createLiveClip with `cue` and no outAt). */
  async cueOutLive(channelId: string, cue: z.input<typeof LiveCueOutSchema>['cue'], o?: CallOptions): Promise<LiveClip> {
    return this.json(LiveClipSchema, 'POST', `/live/channels/${seg(channelId)}/cue-out`, { ...o, body: input(LiveCueOutSchema, { cue }, 'cue') });
  }
  /** URL of the exact frame at `ms` or `tc` (see FrameQuerySchema); `withToken` for <img> elements. */
  frameUrl(id: string, q: FrameQueryInput = {}, o: { withToken?: boolean } = {}): string {
    const { ms, tc, width, format } = input(FrameQuerySchema, q, 'frame query');
    return this.url(`/assets/${seg(id)}/frame`, { ms, tc, width, format }, o.withToken);
  }

  /** The exact frame's bytes plus what the server says it is (frame index, start ms, timecode, size). */
  async getFrame(id: string, q: FrameQueryInput = {}, o?: CallOptions): Promise<{ bytes: ArrayBuffer; info: FrameInfo }> {
    const { ms, tc, width, format } = input(FrameQuerySchema, q, 'frame query');
    const res = await this.raw('GET', `/assets/${seg(id)}/frame`, { ...o, query: { ms, tc, width, format } }, 'arraybuffer');
    const h = res.headers;
    const info = FrameInfoSchema.safeParse({
      frame: Number(h['x-cutaway-frame']), ms: Number(h['x-cutaway-frame-ms']), timecode: h['x-cutaway-timecode'] ?? null,
      width: Number(h['x-cutaway-width']), height: Number(h['x-cutaway-height']), mime: h['content-type']?.split(';')[0],
    });
    if (!info.success) throw new AppError('internal', 'unexpected frame headers', info.error.issues, { cause: info.error });
    return { bytes: res.body as ArrayBuffer, info: info.data };
  }

  /**
   * Uploads an edit as the next version of `id` (any version of the chain). Left-out title, description
   * and tags are carried over from the newest version; `origin` says where the edit was made.
   */
  async uploadVersion(id: string, file: Blob, meta: UploadMeta & { origin?: AssetOrigin['kind'] }, o?: CallOptions): Promise<Asset> {
    const { title, description, tags } = input(UploadMetadataSchema, meta, 'upload metadata');
    if (!meta.fileName) throw new AppError('request.invalid', 'invalid upload metadata: fileName is required');
    const form = new FormData();
    if (title !== undefined) form.append('title', title);
    if (description !== undefined) form.append('description', description);
    if (tags !== undefined) form.append('tags', tags.join(','));
    if (meta.origin !== undefined) form.append('origin', meta.origin);
    form.append('file', file, meta.fileName);
    return this.json(AssetSchema, 'POST', `/assets/${seg(id)}/versions`, { ...o, body: form });
  }

  /** The version chain of any member, oldest first. */
  async listVersions(id: string, o?: CallOptions): Promise<AssetVersions> {
    return this.json(AssetVersionsSchema, 'GET', `/assets/${seg(id)}/versions`, o);
  }

  /** Like send(), for non-JSON bodies: the whole response, or the server's AppError. */
  private async raw(method: HttpMethod, path: string, call: Call, responseType: 'arraybuffer') {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res;
    try {
      res = await this.transport.request({ method, url: this.root + path, headers, query: call.query, signal: call.signal, responseType });
    } catch (cause) {
      throw new AppError('internal', call.signal?.aborted ? 'request aborted' : 'network error', { method, path }, { cause });
    }
    if (res.status >= 200 && res.status < 300) return res;
    const body = res.body instanceof ArrayBuffer ? parseJsonText(new TextDecoderLite().decode(res.body)) : res.body;
    throw AppError.fromWire(body, `${method} ${path} failed with HTTP ${res.status}`);
  }

  // Review (Frame.io bridge and any front end: docs/frameio.md)
  async listReviewDestinations(o?: CallOptions): Promise<ReviewDestination[]> {
    return (await this.json(ReviewDestinationListSchema, 'GET', '/review-destinations', o)).items;
  }
  async createReviewDestination(create: z.input<typeof ReviewDestinationCreateSchema>, o?: CallOptions): Promise<ReviewDestination> {
    return this.json(ReviewDestinationSchema, 'POST', '/review-destinations', { ...o, body: input(ReviewDestinationCreateSchema, create, 'review destination') });
  }
  async deleteReviewDestination(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/review-destinations/${seg(id)}`, o); }
  /** Stores a durable review request; the bridge carries it out (also after being down when it was made). */
  async requestReview(assetId: string, create: z.input<typeof ReviewRequestCreateSchema>, o?: CallOptions): Promise<ReviewRequest> {
    return this.json(ReviewRequestSchema, 'POST', `/assets/${seg(assetId)}/review`, { ...o, body: input(ReviewRequestCreateSchema, create, 'review request') });
  }
  async getReview(assetId: string, o?: CallOptions): Promise<ReviewSummary> { return this.json(ReviewSummarySchema, 'GET', `/assets/${seg(assetId)}/review`, o); }
  async claimReview(claim: z.input<typeof ReviewClaimSchema>, o?: CallOptions): Promise<ReviewClaimResult> {
    return this.json(ReviewClaimResultSchema, 'POST', '/review-requests/claim', { ...o, body: input(ReviewClaimSchema, claim, 'review claim') });
  }
  async reportReviewProgress(id: string, progress: z.input<typeof ReviewProgressSchema>, o?: CallOptions): Promise<ReviewRequest> {
    return this.json(ReviewRequestSchema, 'POST', `/review-requests/${seg(id)}/progress`, { ...o, body: input(ReviewProgressSchema, progress, 'review progress') });
  }
  async findReviewRequests(query: { frameioFileId: string }, o?: CallOptions): Promise<ReviewRequest[]> {
    return (await this.json(ReviewRequestListSchema, 'GET', '/review-requests', { ...o, query })).items;
  }
  async upsertReviewMarker(assetId: string, marker: z.input<typeof ReviewMarkerUpsertSchema>, o?: CallOptions): Promise<StoredReviewMarker> {
    return this.json(StoredReviewMarkerSchema, 'PUT', `/assets/${seg(assetId)}/markers`, { ...o, body: input(ReviewMarkerUpsertSchema, marker, 'review marker') });
  }
  async deleteReviewMarker(assetId: string, externalId: string, o?: CallOptions): Promise<void> {
    await this.send('DELETE', `/assets/${seg(assetId)}/markers`, { ...o, query: { externalId } });
  }
  async setReviewStatus(assetId: string, update: z.input<typeof ReviewStatusUpdateSchema>, o?: CallOptions): Promise<ReviewStatusRecord> {
    return this.json(ReviewStatusRecordSchema, 'PUT', `/assets/${seg(assetId)}/review-status`, { ...o, body: input(ReviewStatusUpdateSchema, update, 'review status') });
  }

  /** Streams a rendition (optionally a keyframe-widened sub-range); errors come back as AppError like every call. */
  async downloadMedia(id: string, opts: { rendition: 'original' | 'proxy'; inMs?: number; outMs?: number }, o?: CallOptions): Promise<MediaDownload> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const path = `/assets/${seg(id)}/media`;
    let res;
    try {
      res = await this.transport.request({ method: 'GET', url: this.root + path, headers, query: { ...opts }, signal: o?.signal, responseType: 'stream' });
    } catch (cause) {
      throw new AppError('internal', o?.signal?.aborted ? 'request aborted' : 'network error', { method: 'GET', path }, { cause });
    }
    if (res.status < 200 || res.status >= 300) {
      throw AppError.fromWire(await readJsonStream(res.body), `GET ${path} failed with HTTP ${res.status}`);
    }
    const num = (v: string | undefined) => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
    return {
      body: res.body,
      sizeBytes: num(res.headers['content-length']),
      contentType: res.headers['content-type'] ?? null,
      inMs: num(res.headers['x-cutaway-in-ms']),
      outMs: num(res.headers['x-cutaway-out-ms']),
    };
  }

  // Archive: tiers, restores with deadlines, lifecycle policies, the storage report.
  async setTier(id: string, tier: StorageTier, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'POST', `/assets/${seg(id)}/tier`, { ...o, body: input(TierChangeSchema, { tier }, 'tier change') });
  }
  async restore(id: string, request: z.input<typeof RestoreRequestSchema> = {}, o?: CallOptions): Promise<Asset> {
    return this.json(AssetSchema, 'POST', `/assets/${seg(id)}/restore`, { ...o, body: input(RestoreRequestSchema, request, 'restore request') });
  }
  async listArchivePolicies(o?: CallOptions): Promise<ArchivePolicy[]> {
    return (await this.json(itemsOf(ArchivePolicySchema), 'GET', '/archive/policies', o)).items;
  }
  async createArchivePolicy(create: z.input<typeof ArchivePolicyCreateSchema>, o?: CallOptions): Promise<ArchivePolicy> {
    return this.json(ArchivePolicySchema, 'POST', '/archive/policies', { ...o, body: input(ArchivePolicyCreateSchema, create, 'archive policy') });
  }
  async replaceArchivePolicy(id: string, policy: z.input<typeof ArchivePolicyCreateSchema>, o?: CallOptions): Promise<ArchivePolicy> {
    return this.json(ArchivePolicySchema, 'PUT', `/archive/policies/${seg(id)}`, { ...o, body: input(ArchivePolicyCreateSchema, policy, 'archive policy') });
  }
  async deleteArchivePolicy(id: string, o?: CallOptions): Promise<void> { await this.send('DELETE', `/archive/policies/${seg(id)}`, o); }
  async dryRunArchivePolicy(id: string, o?: CallOptions): Promise<PolicyRun> {
    return this.json(PolicyRunSchema, 'POST', `/archive/policies/${seg(id)}/dry-run`, o);
  }
  /** A dry run of a policy before it is saved (the policy form's "Dry run"). */
  async dryRunArchivePolicyDraft(draft: z.input<typeof ArchivePolicyCreateSchema>, o?: CallOptions): Promise<PolicyRun> {
    return this.json(PolicyRunSchema, 'POST', '/archive/policies/dry-run', { ...o, body: input(ArchivePolicyCreateSchema, draft, 'archive policy') });
  }
  async runArchivePolicy(id: string, o?: CallOptions): Promise<PolicyRun> {
    return this.json(PolicyRunSchema, 'POST', `/archive/policies/${seg(id)}/run`, o);
  }
  async storageReport(o?: CallOptions): Promise<StorageReport> { return this.json(StorageReportSchema, 'GET', '/storage/report', o); }
  /** Where the report is as a file (`csv` for spreadsheets); send the token as a header (see mediaUrl() on withToken). */
  storageReportUrl(format: 'json' | 'csv' = 'csv'): string { return this.url('/storage/report', { format }); }

  // Issue 16: the assistant, saved prompts, and the approval a second person gives.
  async assistantTools(o?: CallOptions): Promise<z.infer<typeof AssistantToolListSchema>> { return this.json(AssistantToolListSchema, 'GET', '/assistant/tools', o); }
  /** One bounded run; it may take as long as a render wait, so give it a long timeout. */
  async assistantChat(request: AssistantChatRequest, o?: CallOptions): Promise<AssistantChatResponse> {
    return this.json(AssistantChatResponseSchema, 'POST', '/assistant/chat', { ...o, body: input(AssistantChatRequestSchema, request, 'chat request') });
  }
  async listSavedPrompts(o?: CallOptions): Promise<SavedPrompt[]> { return (await this.json(SavedPromptListSchema, 'GET', '/assistant/prompts', o)).items; }
  async runSavedPrompt(id: string, o?: CallOptions): Promise<SavedPrompt> { return this.json(SavedPromptSchema, 'POST', `/assistant/prompts/${seg(id)}/run`, o); }
  async setSavedPromptEnabled(id: string, enabled: boolean, o?: CallOptions): Promise<SavedPrompt> {
    return this.json(SavedPromptSchema, 'POST', `/assistant/prompts/${seg(id)}/${enabled ? 'enable' : 'disable'}`, o);
  }
  async getDeliveryApproval(id: string, o?: CallOptions): Promise<Approval> { return this.json(ApprovalSchema, 'GET', `/approvals/${seg(id)}`, o); }
  /** Recorded only for a person other than the requester; agent tokens are refused. */
  async approveDelivery(id: string, o?: CallOptions): Promise<Approval> { return this.json(ApprovalSchema, 'POST', `/approvals/${seg(id)}/approve`, { ...o, body: {} }); }
  /** Declined for good (a new request is needed); same people as approve; the reason reaches the requester. */
  async declineDelivery(id: string, reason?: string, o?: CallOptions): Promise<Approval> {
    return this.json(ApprovalSchema, 'POST', `/approvals/${seg(id)}/decline`, { ...o, body: reason ? { reason } : {} });
  }
  /** The approvals queue, newest first; `status: 'pending'` is what waits for a decision. Reviewers see everyone's. */
  async listDeliveryApprovals(q: ApprovalListQueryInput = {}, o?: CallOptions): Promise<ApprovalPage> {
    return this.json(ApprovalPageSchema, 'GET', '/approvals', { ...o, query: input(ApprovalListQuerySchema, q, 'approval list query') });
  }
  /** The verified render file for a <video> (Range supported); `withToken` as for mediaUrl(). */
  renderFileUrl(id: string, o: { withToken?: boolean } = {}): string { return this.url(`/renders/${seg(id)}/file`, {}, o.withToken); }

  private url(path: string, query: Query, withToken = false): string {
    return withQuery(this.root + path, withToken ? { ...query, token: this.token } : query);
  }

  private async json<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, call: Call = {}): Promise<z.output<S>> {
    const body = await this.send(method, path, call);
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new AppError('internal', `unexpected response from ${method} ${path}`, parsed.error.issues, { cause: parsed.error });
  }

  /** The one place transport failures and error statuses become AppError. */
  private async send(method: HttpMethod, path: string, call: Call = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const request = () => this.transport.request({ method, url: this.root + path, headers, query: call.query, body: call.body, signal: call.signal });
    let res;
    try {
      res = await request().catch((first: unknown) => {
        // A kept-alive socket the server closed just as we reused it fails before any response (RFC 9112 §9.3.1
        // lets a client retry an idempotent request then); once only, and never after the caller aborted.
        if (call.signal?.aborted || method !== 'GET') throw first;
        return request();
      });
    } catch (cause) {
      // Callers cancelling (search-as-you-type) can tell their own abort from a dead server by the message.
      throw new AppError('internal', call.signal?.aborted ? 'request aborted' : 'network error', { method, path }, { cause });
    }
    if (res.status >= 200 && res.status < 300) return res.body;
    throw AppError.fromWire(res.body, `${method} ${path} failed with HTTP ${res.status}`);
  }
}

/** An error body that arrived as a stream (web or Node): read it whole and parse it. */
async function readJsonStream(body: unknown): Promise<unknown> {
  try {
    const text = await new Response(body as ConstructorParameters<typeof Response>[0]).text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Validate caller input with the server's own schema, so a mistake fails here with the same issues. */
function input<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('request.invalid', `invalid ${what}`, parsed.error.issues, { cause: parsed.error });
}
