import type { PgMigration } from './database';

/**
 * Vector tables for PostgreSQL (ids 500–599), the counterpart of the SQLite `vectorMigrations`
 * (pgvector is not assumed: vectors are float32 little-endian BYTEA searched in memory).
 * - vector_models: one row per (model, dims) ever written, so a changed embedder's vectors stay
 *   apart instead of being mixed into one space.
 * - vector_items: not unique on (asset, source, range, kind): two OCR lines may share one
 *   interval and kind. `id` is only a paging key for a full load.
 * - vector_state.version: bumped (row-locked) by every write transaction just before it
 *   commits, so versions are handed out in commit order. A sequence would not be: a writer that
 *   drew 10 could commit after one that drew 11, and a reader caught up to 11 would never see it.
 * - vector_changes: which asset each version touched, so another process refreshes only those
 *   assets. Pruned to the most recent entries; `pruned_through` tells a reader that fell further
 *   behind to reload everything.
 */
export const pgVectorMigrations: readonly PgMigration[] = [
  {
    id: 500,
    name: 'vector_index',
    up: `
      CREATE TABLE vector_models (
        id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model TEXT NOT NULL,
        dims INTEGER NOT NULL CHECK (dims > 0),
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (model, dims)
      );
      CREATE TABLE vector_items (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES vector_models(id),
        asset_id TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_ms BIGINT NOT NULL,
        end_ms BIGINT NOT NULL,
        vector BYTEA NOT NULL
      );
      CREATE INDEX vector_items_key ON vector_items (asset_id, source, start_ms, end_ms, kind);
      CREATE INDEX vector_items_model ON vector_items (model_id, asset_id);
      CREATE TABLE vector_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        pruned_through BIGINT NOT NULL
      );
      INSERT INTO vector_state (id, version, pruned_through) VALUES (1, 0, 0);
      CREATE TABLE vector_changes (version BIGINT PRIMARY KEY, asset_id TEXT NOT NULL);
    `,
  },
];
