import type { Migration } from './database';

/** Running orders from the MOS gateway (ids 700–719). The doc holds stories and items in order. */
export const rundownMigrations: readonly Migration[] = [
  {
    id: 700,
    name: 'rundowns',
    up: `
      CREATE TABLE rundowns (
        id TEXT PRIMARY KEY,
        ncs_id TEXT NOT NULL,
        ro_id TEXT NOT NULL,
        slug TEXT NOT NULL,
        air_time TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        summary TEXT NOT NULL,
        doc TEXT NOT NULL,
        UNIQUE (ncs_id, ro_id)
      );
      CREATE INDEX rundowns_air ON rundowns (air_time);
      CREATE TABLE rundown_assets (
        rundown_id TEXT NOT NULL REFERENCES rundowns(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        asset_id TEXT NOT NULL,
        link TEXT NOT NULL,
        PRIMARY KEY (rundown_id, ord)
      );
      CREATE INDEX rundown_assets_asset ON rundown_assets (asset_id);
    `,
  },
  {
    // mosObjCreate idempotency keys (MOS 2.8.5 §4.1.6: a resend reuses the messageID): key → the placeholder's asset id.
    id: 701,
    name: 'placeholder_keys',
    up: `
      CREATE TABLE placeholder_keys (
        key TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];
