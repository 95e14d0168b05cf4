import {
  ReviewDestinationSchema, ReviewRequestSchema, ReviewStatusRecordSchema, StoredReviewMarkerSchema,
  type ReviewDestination, type ReviewRequest, type ReviewStatusRecord, type StoredReviewMarker,
} from '@cutaway/shared';
import type { ReviewStore } from '../../ports/review-store';
import type { SqliteDb } from './database';

const OPEN = `state NOT IN ('done', 'failed')`;
const reqRow = (r: ReviewRequest) => [r.assetId, r.familyId, r.destinationId, r.state, r.claimedBy, r.leaseUntil, r.frameio.fileId, JSON.stringify(r)];

export class SqliteReviewStore implements ReviewStore {
  constructor(private readonly db: SqliteDb) {}

  async createDestination(d: ReviewDestination): Promise<void> {
    this.db.prepare('INSERT INTO review_destinations (id, doc, created_at) VALUES (?, ?, ?)').run(d.id, JSON.stringify(d), d.createdAt);
  }
  async getDestination(id: string): Promise<ReviewDestination | null> {
    const doc = this.db.prepare('SELECT doc FROM review_destinations WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? ReviewDestinationSchema.parse(JSON.parse(doc)) : null;
  }
  async listDestinations(): Promise<ReviewDestination[]> {
    return (this.db.prepare('SELECT doc FROM review_destinations ORDER BY created_at, id').pluck().all() as string[]).map((d) => ReviewDestinationSchema.parse(JSON.parse(d)));
  }
  async deleteDestination(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM review_destinations WHERE id = ?').run(id).changes > 0;
  }

  async createRequest(r: ReviewRequest): Promise<void> {
    this.db
      .prepare('INSERT INTO review_requests (id, asset_id, family_id, destination_id, state, claimed_by, lease_until, frameio_file_id, doc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, ...reqRow(r), r.createdAt);
  }
  async getRequest(id: string): Promise<ReviewRequest | null> {
    const doc = this.db.prepare('SELECT doc FROM review_requests WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? parseRequest(doc) : null;
  }
  async listRequests(filter: { assetId?: string; frameioFileId?: string }): Promise<ReviewRequest[]> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.assetId) {
      where.push('asset_id = ?');
      args.push(filter.assetId);
    }
    if (filter.frameioFileId) {
      where.push('frameio_file_id = ?');
      args.push(filter.frameioFileId);
    }
    const sql = `SELECT doc FROM review_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    return (this.db.prepare(sql).pluck().all(...args) as string[]).map(parseRequest);
  }
  async claimRequest(worker: string, now: string, leaseUntil: string): Promise<ReviewRequest | null> {
    // better-sqlite3 transactions are synchronous: the read and the write cannot interleave with another claim.
    return this.db.transaction(() => {
      const doc = this.db
        .prepare(`SELECT doc FROM review_requests WHERE ${OPEN} AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?) ORDER BY created_at, id LIMIT 1`)
        .pluck()
        .get(worker, now) as string | undefined;
      if (!doc) return null;
      const prev = parseRequest(doc);
      const next: ReviewRequest = { ...prev, claimedBy: worker, leaseUntil, attempts: prev.attempts + 1, updatedAt: now };
      this.writeRequest(next);
      return next;
    })();
  }
  async updateRequest(next: ReviewRequest, worker: string): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE review_requests SET asset_id = ?, family_id = ?, destination_id = ?, state = ?, claimed_by = ?, lease_until = ?, frameio_file_id = ?, doc = ? WHERE id = ? AND claimed_by = ?')
        .run(...reqRow(next), next.id, worker).changes > 0
    );
  }
  async lastDelivered(familyId: string, destinationId: string): Promise<ReviewRequest | null> {
    const doc = this.db
      .prepare(`SELECT doc FROM review_requests WHERE family_id = ? AND destination_id = ? AND state = 'done' AND frameio_file_id IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1`)
      .pluck()
      .get(familyId, destinationId) as string | undefined;
    return doc ? parseRequest(doc) : null;
  }

  async upsertMarker(m: StoredReviewMarker): Promise<void> {
    this.db
      .prepare('INSERT INTO review_markers (asset_id, external_id, start_ms, doc) VALUES (?, ?, ?, ?) ON CONFLICT (asset_id, external_id) DO UPDATE SET start_ms = excluded.start_ms, doc = excluded.doc')
      .run(m.assetId, m.externalId, m.startMs, JSON.stringify(m));
  }
  async getMarker(assetId: string, externalId: string): Promise<StoredReviewMarker | null> {
    const doc = this.db.prepare('SELECT doc FROM review_markers WHERE asset_id = ? AND external_id = ?').pluck().get(assetId, externalId) as string | undefined;
    return doc ? StoredReviewMarkerSchema.parse(JSON.parse(doc)) : null;
  }
  async deleteMarker(assetId: string, externalId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM review_markers WHERE asset_id = ? AND external_id = ?').run(assetId, externalId).changes > 0;
  }
  async listMarkers(assetId: string): Promise<StoredReviewMarker[]> {
    return (this.db.prepare('SELECT doc FROM review_markers WHERE asset_id = ? ORDER BY start_ms, external_id').pluck().all(assetId) as string[]).map((d) =>
      StoredReviewMarkerSchema.parse(JSON.parse(d)),
    );
  }

  async setStatus(s: ReviewStatusRecord): Promise<void> {
    this.db.prepare('INSERT INTO review_statuses (asset_id, doc) VALUES (?, ?) ON CONFLICT (asset_id) DO UPDATE SET doc = excluded.doc').run(s.assetId, JSON.stringify(s));
  }
  async getStatus(assetId: string): Promise<ReviewStatusRecord | null> {
    const doc = this.db.prepare('SELECT doc FROM review_statuses WHERE asset_id = ?').pluck().get(assetId) as string | undefined;
    return doc ? ReviewStatusRecordSchema.parse(JSON.parse(doc)) : null;
  }

  private writeRequest(r: ReviewRequest): void {
    this.db
      .prepare('UPDATE review_requests SET asset_id = ?, family_id = ?, destination_id = ?, state = ?, claimed_by = ?, lease_until = ?, frameio_file_id = ?, doc = ? WHERE id = ?')
      .run(...reqRow(r), r.id);
  }
}

const parseRequest = (doc: string): ReviewRequest => ReviewRequestSchema.parse(JSON.parse(doc));
