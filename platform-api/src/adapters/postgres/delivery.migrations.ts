import type { PgMigration } from './database';

/** Delivery: selections, renders, approvals, deliveries (ids 820–839). One delivery per approval. */
export const pgDeliveryMigrations: readonly PgMigration[] = [
  {
    id: 820,
    name: 'delivery',
    up: `
      CREATE TABLE delivery_selections (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, doc JSONB NOT NULL);
      CREATE TABLE delivery_renders (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, doc JSONB NOT NULL);
      CREATE TABLE delivery_approvals (id TEXT PRIMARY KEY, render_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, doc JSONB NOT NULL);
      CREATE TABLE delivery_deliveries (id TEXT PRIMARY KEY, approval_id TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, doc JSONB NOT NULL);
      CREATE INDEX delivery_approvals_render ON delivery_approvals (render_id);
    `,
  },
];
