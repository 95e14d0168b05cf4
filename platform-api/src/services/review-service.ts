import {
  AppError, REVIEW_TERMINAL_STATES,
  type Asset, type ReviewClaim, type ReviewClaimResult, type ReviewDestination, type ReviewDestinationCreate, type ReviewMarkerUpsert,
  type ReviewProgress, type ReviewRequest, type ReviewRequestCreate, type ReviewStatusRecord, type ReviewStatusUpdate, type ReviewSummary,
  type Segment, type StoredReviewMarker,
} from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { ReviewStore } from '../ports/review-store';
import type { SearchIndex } from '../ports/search-index';

/** Each marker is its own search-index source, so one comment's edit or deletion replaces only its segment. */
export const markerSource = (externalId: string) => `review:${externalId}`;

export interface ReviewServiceDeps {
  store: ReviewStore;
  assets: AssetStore;
  index: SearchIndex;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Review for any front end (HTTP, MCP `push_for_review`, panels): durable push requests a bridge
 * claims and advances, review markers (searchable `marker` moments) and the review status of an
 * asset version. Frame.io specifics stay in frameio-bridge; this only keeps the Cutaway side.
 */
export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  listDestinations(): Promise<ReviewDestination[]> {
    return this.deps.store.listDestinations();
  }

  async createDestination(input: ReviewDestinationCreate): Promise<ReviewDestination> {
    const d: ReviewDestination = { ...input, id: this.deps.ids.newId(), createdAt: this.now() };
    await this.deps.store.createDestination(d);
    return d;
  }

  async deleteDestination(id: string): Promise<void> {
    if (!(await this.deps.store.deleteDestination(id))) throw new AppError('review.destination_not_found', `No review destination ${id}`, { id });
  }

  /** Push for review: stored durably and queued; a bridge carries it out whenever it is up. */
  async requestReview(assetId: string, input: ReviewRequestCreate): Promise<ReviewRequest> {
    const asset = await this.asset(assetId);
    if (asset.status !== 'ready') throw new AppError('asset.not_ready', `Asset ${assetId} is ${asset.status}; push it once it is ready`, { assetId, status: asset.status });
    if (!asset.renditions.some((r) => r.kind === input.rendition)) {
      throw new AppError('asset.rendition_missing', `Asset ${assetId} has no ${input.rendition} rendition`, { assetId, rendition: input.rendition });
    }
    const durationMs = asset.technical?.durationMs ?? null;
    if (durationMs !== null && input.inMs !== undefined && input.inMs >= durationMs) {
      throw new AppError('request.invalid', `inMs ${input.inMs} is past the end (${durationMs} ms)`, [{ path: 'body.inMs', message: 'past the end of the media' }]);
    }
    if (!(await this.deps.store.getDestination(input.destination))) {
      throw new AppError('review.destination_not_found', `No review destination ${input.destination}`, { id: input.destination });
    }
    const now = this.now();
    const request: ReviewRequest = {
      id: this.deps.ids.newId(),
      assetId,
      familyId: asset.versionOf ?? asset.id,
      destinationId: input.destination,
      rendition: input.rendition,
      // The media route cuts only with both ends: an open end means the start or the end of the media.
      inMs: input.inMs ?? (input.outMs !== undefined ? 0 : null),
      outMs: input.outMs ?? (input.inMs !== undefined ? durationMs : null),
      cutInMs: null,
      state: 'queued',
      percent: 0,
      stage: null,
      attempts: 0,
      claimedBy: null,
      leaseUntil: null,
      frameio: { fileId: null, versionStackId: null, viewUrl: null, shareUrl: null },
      failure: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.createRequest(request);
    this.deps.events.publish({ type: 'review.updated', request });
    return request;
  }

  async summary(assetId: string): Promise<ReviewSummary> {
    await this.asset(assetId);
    const [status, requests, markers] = await Promise.all([
      this.deps.store.getStatus(assetId),
      this.deps.store.listRequests({ assetId }),
      this.deps.store.listMarkers(assetId),
    ]);
    return { assetId, status, requests, markers };
  }

  findRequests(filter: { frameioFileId: string }): Promise<ReviewRequest[]> {
    return this.deps.store.listRequests(filter);
  }

  /** Hands the oldest open request to `worker`, with the asset, the destination and the family's previous push. */
  async claim(input: ReviewClaim): Promise<ReviewClaimResult> {
    const now = this.deps.clock.now();
    const request = await this.deps.store.claimRequest(input.worker, now.toISOString(), new Date(now.getTime() + input.leaseMs).toISOString());
    if (!request) return { request: null, asset: null, destination: null, previous: null };
    const [asset, destination, previous] = await Promise.all([
      this.deps.assets.get(request.assetId),
      this.deps.store.getDestination(request.destinationId),
      this.deps.store.lastDelivered(request.familyId, request.destinationId),
    ]);
    if (!asset || !destination) {
      // The asset or the destination went away while queued: nothing can be pushed; say so on the request.
      const failed = await this.advance(request, input.worker, {
        state: 'failed',
        failure: { code: asset ? 'review.destination_not_found' : 'asset.not_found', message: asset ? 'The destination was deleted' : 'The asset was deleted' },
      });
      return { request: failed, asset: null, destination: null, previous: null };
    }
    return { request, asset, destination, previous: previous && previous.id !== request.id ? previous.frameio : null };
  }

  /** The bridge reports a step; only the worker holding the claim may, and a finished request stays finished. */
  async progress(id: string, input: ReviewProgress): Promise<ReviewRequest> {
    const request = await this.deps.store.getRequest(id);
    if (!request) throw new AppError('review.not_found', `No review request ${id}`, { id });
    if (request.claimedBy !== input.worker) {
      throw new AppError('review.conflict', `Review request ${id} is claimed by ${request.claimedBy ?? 'nobody'}, not ${input.worker}`, { id, claimedBy: request.claimedBy });
    }
    if (REVIEW_TERMINAL_STATES.includes(request.state)) throw new AppError('review.conflict', `Review request ${id} is already ${request.state}`, { id, state: request.state });
    return this.advance(request, input.worker, input);
  }

  private async advance(request: ReviewRequest, worker: string, p: Partial<ReviewProgress> & Pick<ReviewProgress, 'state'>): Promise<ReviewRequest> {
    const now = this.deps.clock.now();
    const done = p.state === 'done';
    const next: ReviewRequest = {
      ...request,
      state: p.state,
      percent: done ? 100 : (p.percent ?? request.percent),
      stage: p.stage === undefined ? request.stage : p.stage,
      cutInMs: p.cutInMs === undefined ? request.cutInMs : p.cutInMs,
      frameio: { ...request.frameio, ...p.frameio },
      failure: p.state === 'failed' ? (p.failure ?? { code: 'internal', message: 'failed' }) : null,
      leaseUntil: REVIEW_TERMINAL_STATES.includes(p.state) ? null : new Date(now.getTime() + (p.leaseMs ?? 120_000)).toISOString(),
      updatedAt: now.toISOString(),
    };
    if (!(await this.deps.store.updateRequest(next, worker))) throw new AppError('review.conflict', `Review request ${request.id} was taken over by another worker`, { id: request.id });
    this.deps.events.publish({ type: 'review.updated', request: next });
    return next;
  }

  /** Creates or replaces one reviewer comment as a `marker` moment (searchable) and announces it. */
  async upsertMarker(assetId: string, input: ReviewMarkerUpsert): Promise<StoredReviewMarker> {
    const asset = await this.asset(assetId);
    const endMs = Math.max(input.endMs, input.startMs);
    const marker: StoredReviewMarker = { ...input, endMs, assetId, updatedAt: this.now() };
    await this.deps.store.upsertMarker(marker);
    await this.deps.index.replaceSegments(assetId, markerSource(input.externalId), [markerSegment(asset, marker)]);
    this.deps.events.publish({ type: 'review.marker', assetId, marker, deleted: false });
    return marker;
  }

  /** Idempotent: deleting a marker that is already gone succeeds (webhooks arrive more than once). */
  async deleteMarker(assetId: string, externalId: string): Promise<void> {
    await this.asset(assetId);
    const existing = await this.deps.store.getMarker(assetId, externalId);
    await this.deps.store.deleteMarker(assetId, externalId);
    await this.deps.index.replaceSegments(assetId, markerSource(externalId), []);
    if (existing) this.deps.events.publish({ type: 'review.marker', assetId, marker: existing, deleted: true });
  }

  /** Order-tolerant: a change older than the stored one is ignored and the stored one returned. */
  async setStatus(assetId: string, input: ReviewStatusUpdate): Promise<ReviewStatusRecord> {
    await this.asset(assetId);
    const existing = await this.deps.store.getStatus(assetId);
    if (existing && Date.parse(existing.at) > Date.parse(input.at)) return existing;
    const record: ReviewStatusRecord = { ...input, assetId };
    await this.deps.store.setStatus(record);
    this.deps.events.publish({ type: 'review.status', assetId, status: record });
    return record;
  }

  private async asset(id: string): Promise<Asset> {
    const asset = await this.deps.assets.get(id);
    if (!asset) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    return asset;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** The searchable text of a marker: the comment, its author and its replies. */
function markerSegment(asset: Asset, m: StoredReviewMarker): Segment {
  const replies = m.replies.map((r) => `${r.author}: ${r.text}`);
  return {
    assetId: asset.id,
    kind: 'marker',
    startMs: m.startMs,
    endMs: m.endMs,
    text: [`${m.text} (${m.author}${m.resolved ? ', resolved' : ''})`, ...replies].join('\n'),
    source: markerSource(m.externalId),
    confidence: null,
    words: null,
  };
}
