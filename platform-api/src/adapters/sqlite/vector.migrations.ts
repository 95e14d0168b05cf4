import type { Migration } from './database';

/**
 * Vector tables (ids 500–599), beside the search tables rather than inside them: vectors are
 * derived data of one embedding model and are replaced per asset + source like segments.
 * - vector_models: one row per (model, dims) ever written, so a changed embedder is detected
 *   (its vectors stay apart and are listed for re-embedding) instead of mixed into one space.
 * - vector_items: float32 little-endian BLOBs, keyed for lookup by asset/source/range/kind. Not
 *   unique: two OCR lines may share one interval and kind.
 * - vector_state.version: bumped by every write, so an index in another process (or connection)
 *   notices its in-memory copy is stale with one row read per search; vector_changes says which
 *   assets changed since (the last few thousand writes), so it re-reads those instead of all.
 */
export const vectorMigrations: readonly Migration[] = [
  {
    id: 500,
    name: 'vector_index',
    up: `
      CREATE TABLE vector_models (
        id INTEGER PRIMARY KEY,
        model TEXT NOT NULL,
        dims INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (model, dims)
      );
      CREATE TABLE vector_items (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES vector_models(id),
        asset_id TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        vector BLOB NOT NULL
      );
      CREATE INDEX vector_items_key ON vector_items (asset_id, source, start_ms, end_ms, kind);
      CREATE INDEX vector_items_model ON vector_items (model_id, asset_id);
      CREATE TABLE vector_state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT INTO vector_state (id, version) VALUES (1, 0);
      CREATE TABLE vector_changes (version INTEGER PRIMARY KEY, asset_id TEXT NOT NULL);
    `,
  },
];
