import type { PgMigration } from './database';

/**
 * Catalog tables on PostgreSQL (ids 100–199), the same logical tables as the SQLite catalog.
 *
 * - Ids and other keys compared in keyset order are `COLLATE "C"`: byte order, like SQLite's
 *   BINARY, whatever the database's default collation is (en_US would fold case and skip
 *   punctuation, and cursors would then disagree with SQLite's).
 * - Timestamps are timestamptz; the asset/watch-folder docs keep the exact ISO strings the
 *   caller gave, so reads round-trip while ordering stays chronological.
 * - Tags are matched case-insensitively through lower() indexes rather than citext, which is
 *   an extension a managed server may not allow.
 * - Sizes and mtimes are bigint: media files pass 2 GiB and ms epochs pass 2^31.
 */
export const pgCatalogMigrations: readonly PgMigration[] = [
  {
    id: 100,
    name: 'assets',
    up: `
      CREATE TABLE assets (
        id TEXT COLLATE "C" PRIMARY KEY,
        status TEXT NOT NULL,
        type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        version_of TEXT,
        doc JSONB NOT NULL
      );
      CREATE INDEX assets_sha256 ON assets (sha256);
      CREATE INDEX assets_created ON assets (created_at DESC, id DESC);
      CREATE INDEX assets_status ON assets (status);
      CREATE TABLE asset_tags (
        asset_id TEXT COLLATE "C" NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        tag TEXT NOT NULL
      );
      -- One row per tag per asset regardless of case, like SQLite's NOCASE primary key.
      CREATE UNIQUE INDEX asset_tags_unique ON asset_tags (asset_id, lower(tag));
      CREATE INDEX asset_tags_tag ON asset_tags (lower(tag));
    `,
  },
  {
    id: 101,
    name: 'tokens',
    up: `
      CREATE TABLE api_tokens (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TIMESTAMPTZ NOT NULL,
        last_used_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ
      );
    `,
  },
  {
    id: 102,
    name: 'watch_folders',
    up: `
      CREATE TABLE watch_folders (
        id TEXT COLLATE "C" PRIMARY KEY,
        doc JSONB NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
      -- One row per file a watch folder took in, so a restart never ingests it twice.
      CREATE TABLE watch_folder_files (
        watch_folder_id TEXT COLLATE "C" NOT NULL REFERENCES watch_folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size_bytes BIGINT NOT NULL,
        mtime_ms BIGINT NOT NULL,
        asset_id TEXT,
        outcome TEXT NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (watch_folder_id, path, size_bytes, mtime_ms)
      );
    `,
  },
  {
    // PostgreSQL-only (SQLite's bus is in-process), so it sits at the end of the range, clear of
    // the ids shared with SQLite (103 is vocabulary there; its PostgreSQL twin uses 150).
    id: 190,
    name: 'event_outbox',
    up: `
      -- Bodies of events too large for a NOTIFY payload (8000 bytes). Every API process reads
      -- each row, so nobody can delete on read: publishers sweep rows past a short retention.
      -- TEXT, not JSONB: the body is only relayed, and jsonb rejects the escaped NUL character that JSON.stringify can emit.
      CREATE TABLE event_outbox (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        body TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX event_outbox_created ON event_outbox (created_at);
    `,
  },
];
