import type { Migration } from './database';

/** Delivery: selections, renders, approvals, deliveries (ids 820–839). One delivery per approval. */
export const deliveryMigrations: readonly Migration[] = [
  {
    id: 820,
    name: 'delivery',
    up: `
      CREATE TABLE delivery_selections (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE delivery_renders (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE delivery_approvals (id TEXT PRIMARY KEY, render_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE delivery_deliveries (id TEXT PRIMARY KEY, approval_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX delivery_approvals_render ON delivery_approvals (render_id);
    `,
  },
  {
    // The approvals queue (GET /approvals): filter by requester and split pending from expired in SQL,
    // newest first. Filled from the documents so approvals made before this migration list too.
    id: 821,
    name: 'delivery_approval_queue',
    up: `
      ALTER TABLE delivery_approvals ADD COLUMN requested_by TEXT NOT NULL DEFAULT '';
      ALTER TABLE delivery_approvals ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
      UPDATE delivery_approvals SET requested_by = json_extract(doc, '$.requestedBy.id'), expires_at = json_extract(doc, '$.expiresAt');
      CREATE INDEX delivery_approvals_created ON delivery_approvals (created_at DESC, id DESC);
      CREATE INDEX delivery_approvals_status_created ON delivery_approvals (status, created_at DESC, id DESC);
    `,
  },
];
