import type { ReviewDestination, ReviewRequest, ReviewStatusRecord, StoredReviewMarker } from '@cutaway/shared';

/**
 * Durable review state: Frame.io destinations, push requests (a work queue with leases, so a bridge
 * that dies mid-push hands its request on), review markers and the review status of asset versions.
 */
export interface ReviewStore {
  createDestination(d: ReviewDestination): Promise<void>;
  getDestination(id: string): Promise<ReviewDestination | null>;
  listDestinations(): Promise<ReviewDestination[]>;
  deleteDestination(id: string): Promise<boolean>;

  createRequest(r: ReviewRequest): Promise<void>;
  getRequest(id: string): Promise<ReviewRequest | null>;
  /** Oldest first. */
  listRequests(filter: { assetId?: string; frameioFileId?: string }): Promise<ReviewRequest[]>;
  /**
   * Atomically takes the oldest unfinished request that is unclaimed, already claimed by `worker`
   * (a restarted bridge resumes its own work at once) or whose lease ran out; stamps claimedBy,
   * leaseUntil and attempts + 1. Two workers never get the same request.
   */
  claimRequest(worker: string, now: string, leaseUntil: string): Promise<ReviewRequest | null>;
  /** Writes `next` only while the request is still claimed by `worker`; false otherwise. */
  updateRequest(next: ReviewRequest, worker: string): Promise<boolean>;
  /** The latest `done` request of a family to a destination that has a Frame.io file. */
  lastDelivered(familyId: string, destinationId: string): Promise<ReviewRequest | null>;

  upsertMarker(m: StoredReviewMarker): Promise<void>;
  getMarker(assetId: string, externalId: string): Promise<StoredReviewMarker | null>;
  deleteMarker(assetId: string, externalId: string): Promise<boolean>;
  /** In media order. */
  listMarkers(assetId: string): Promise<StoredReviewMarker[]>;

  setStatus(s: ReviewStatusRecord): Promise<void>;
  getStatus(assetId: string): Promise<ReviewStatusRecord | null>;
}
