import type { Migration } from './database';

/** Catalog tables (ids 100–199): assets, API tokens, watch folders and the files they have seen. */
export const catalogMigrations: readonly Migration[] = [
  {
    id: 100,
    name: 'assets',
    up: `
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version_of TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX assets_sha256 ON assets (sha256);
      CREATE INDEX assets_created ON assets (created_at DESC, id DESC);
      CREATE INDEX assets_status ON assets (status);
      CREATE TABLE asset_tags (
        asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (asset_id, tag)
      );
      CREATE INDEX asset_tags_tag ON asset_tags (tag);
    `,
  },
  {
    id: 101,
    name: 'tokens',
    up: `
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `,
  },
  {
    id: 102,
    name: 'watch_folders',
    up: `
      CREATE TABLE watch_folders (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One row per file a watch folder took in, so a restart never ingests it twice.
      CREATE TABLE watch_folder_files (
        watch_folder_id TEXT NOT NULL REFERENCES watch_folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        asset_id TEXT,
        outcome TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (watch_folder_id, path, size_bytes, mtime_ms)
      );
    `,
  },
  {
    id: 103,
    name: 'vocabulary',
    up: `
      CREATE TABLE vocabulary (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];
