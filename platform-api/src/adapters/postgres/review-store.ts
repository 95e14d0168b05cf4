import {
  ReviewDestinationSchema, ReviewRequestSchema, ReviewStatusRecordSchema, StoredReviewMarkerSchema,
  type ReviewDestination, type ReviewRequest, type ReviewStatusRecord, type StoredReviewMarker,
} from '@cutaway/shared';
import type { ReviewStore } from '../../ports/review-store';
import type { PgPool } from './database';
import { inTransaction } from './search-write';

const OPEN = `state NOT IN ('done', 'failed')`;
const reqRow = (r: ReviewRequest) => [r.assetId, r.familyId, r.destinationId, r.state, r.claimedBy, r.leaseUntil, r.frameio.fileId, JSON.stringify(r)];
const SET_REQUEST = 'asset_id = $1, family_id = $2, destination_id = $3, state = $4, claimed_by = $5, lease_until = $6, frameio_file_id = $7, doc = $8';

export class PgReviewStore implements ReviewStore {
  constructor(private readonly pool: PgPool) {}

  async createDestination(d: ReviewDestination): Promise<void> {
    await this.pool.query('INSERT INTO review_destinations (id, doc, created_at) VALUES ($1, $2, $3)', [d.id, JSON.stringify(d), d.createdAt]);
  }
  async getDestination(id: string): Promise<ReviewDestination | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_destinations WHERE id = $1', [id]);
    return rows[0] ? ReviewDestinationSchema.parse(rows[0].doc) : null;
  }
  async listDestinations(): Promise<ReviewDestination[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_destinations ORDER BY created_at, id');
    return rows.map((r) => ReviewDestinationSchema.parse(r.doc));
  }
  async deleteDestination(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM review_destinations WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async createRequest(r: ReviewRequest): Promise<void> {
    await this.pool.query(
      'INSERT INTO review_requests (asset_id, family_id, destination_id, state, claimed_by, lease_until, frameio_file_id, doc, id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [...reqRow(r), r.id, r.createdAt],
    );
  }
  async getRequest(id: string): Promise<ReviewRequest | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_requests WHERE id = $1', [id]);
    return rows[0] ? ReviewRequestSchema.parse(rows[0].doc) : null;
  }
  async listRequests(filter: { assetId?: string; frameioFileId?: string }): Promise<ReviewRequest[]> {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.assetId) {
      args.push(filter.assetId);
      where.push(`asset_id = $${args.length}`);
    }
    if (filter.frameioFileId) {
      args.push(filter.frameioFileId);
      where.push(`frameio_file_id = $${args.length}`);
    }
    const { rows } = await this.pool.query<{ doc: unknown }>(`SELECT doc FROM review_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, args);
    return rows.map((r) => ReviewRequestSchema.parse(r.doc));
  }
  async claimRequest(worker: string, now: string, leaseUntil: string): Promise<ReviewRequest | null> {
    // SKIP LOCKED: concurrent claimers pass over a row another transaction is taking instead of waiting for it.
    return inTransaction(this.pool, async (db) => {
      const { rows } = await db.query<{ doc: unknown }>(
        `SELECT doc FROM review_requests WHERE ${OPEN} AND (claimed_by IS NULL OR claimed_by = $1 OR lease_until < $2) ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [worker, now],
      );
      if (!rows[0]) return null;
      const prev = ReviewRequestSchema.parse(rows[0].doc);
      const next: ReviewRequest = { ...prev, claimedBy: worker, leaseUntil, attempts: prev.attempts + 1, updatedAt: now };
      await db.query(`UPDATE review_requests SET ${SET_REQUEST} WHERE id = $9`, [...reqRow(next), next.id]);
      return next;
    });
  }
  async updateRequest(next: ReviewRequest, worker: string): Promise<boolean> {
    const res = await this.pool.query(`UPDATE review_requests SET ${SET_REQUEST} WHERE id = $9 AND claimed_by = $10`, [...reqRow(next), next.id, worker]);
    return (res.rowCount ?? 0) > 0;
  }
  async lastDelivered(familyId: string, destinationId: string): Promise<ReviewRequest | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>(
      `SELECT doc FROM review_requests WHERE family_id = $1 AND destination_id = $2 AND state = 'done' AND frameio_file_id IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1`,
      [familyId, destinationId],
    );
    return rows[0] ? ReviewRequestSchema.parse(rows[0].doc) : null;
  }

  async upsertMarker(m: StoredReviewMarker): Promise<void> {
    await this.pool.query(
      'INSERT INTO review_markers (asset_id, external_id, start_ms, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (asset_id, external_id) DO UPDATE SET start_ms = excluded.start_ms, doc = excluded.doc',
      [m.assetId, m.externalId, m.startMs, JSON.stringify(m)],
    );
  }
  async getMarker(assetId: string, externalId: string): Promise<StoredReviewMarker | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_markers WHERE asset_id = $1 AND external_id = $2', [assetId, externalId]);
    return rows[0] ? StoredReviewMarkerSchema.parse(rows[0].doc) : null;
  }
  async deleteMarker(assetId: string, externalId: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM review_markers WHERE asset_id = $1 AND external_id = $2', [assetId, externalId])).rowCount ?? 0) > 0;
  }
  async listMarkers(assetId: string): Promise<StoredReviewMarker[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_markers WHERE asset_id = $1 ORDER BY start_ms, external_id', [assetId]);
    return rows.map((r) => StoredReviewMarkerSchema.parse(r.doc));
  }

  async setStatus(s: ReviewStatusRecord): Promise<void> {
    await this.pool.query('INSERT INTO review_statuses (asset_id, doc) VALUES ($1, $2) ON CONFLICT (asset_id) DO UPDATE SET doc = excluded.doc', [s.assetId, JSON.stringify(s)]);
  }
  async getStatus(assetId: string): Promise<ReviewStatusRecord | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM review_statuses WHERE asset_id = $1', [assetId]);
    return rows[0] ? ReviewStatusRecordSchema.parse(rows[0].doc) : null;
  }
}
