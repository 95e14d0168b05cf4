import type { Migration } from './database';

/** People and face tracks (issue 17; ids 840–859). Descriptors are float32 blobs, never sent to clients. */
export const peopleMigrations: readonly Migration[] = [
  {
    id: 840,
    name: 'people',
    up: `
      CREATE TABLE face_people (
        id TEXT PRIMARY KEY,
        name TEXT,
        name_key TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE face_tracks (
        id TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL,
        person_id TEXT,
        status TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        box TEXT NOT NULL,
        quality REAL NOT NULL,
        descriptor BLOB,
        thumbnail_key TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX face_tracks_asset ON face_tracks (asset_id, start_ms);
      CREATE INDEX face_tracks_person ON face_tracks (person_id);
      CREATE TABLE face_rejections (
        track_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        PRIMARY KEY (track_id, person_id)
      ) WITHOUT ROWID;
      CREATE TABLE face_grouping_off (asset_id TEXT PRIMARY KEY);
    `,
  },
];
