import type { PgMigration } from './database';

/** Review destinations, push requests, markers and statuses (ids 720–739). */
export const pgReviewMigrations: readonly PgMigration[] = [
  {
    id: 720,
    name: 'review',
    up: `
      CREATE TABLE review_destinations (id TEXT PRIMARY KEY, doc JSONB NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE review_requests (
        id TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL,
        family_id TEXT NOT NULL,
        destination_id TEXT NOT NULL,
        state TEXT NOT NULL,
        claimed_by TEXT,
        lease_until TEXT,
        frameio_file_id TEXT,
        created_at TEXT NOT NULL,
        doc JSONB NOT NULL
      );
      CREATE INDEX review_requests_asset ON review_requests (asset_id, created_at);
      CREATE INDEX review_requests_open ON review_requests (state, created_at);
      CREATE INDEX review_requests_family ON review_requests (family_id, destination_id, state);
      CREATE INDEX review_requests_file ON review_requests (frameio_file_id);
      CREATE TABLE review_markers (
        asset_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        start_ms BIGINT NOT NULL,
        doc JSONB NOT NULL,
        PRIMARY KEY (asset_id, external_id)
      );
      CREATE TABLE review_statuses (asset_id TEXT PRIMARY KEY, doc JSONB NOT NULL);
    `,
  },
];
