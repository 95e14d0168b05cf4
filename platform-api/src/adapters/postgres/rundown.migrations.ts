import type { PgMigration } from './database';

/** Running orders from the MOS gateway (ids 700–719); same tables as SQLite's rundown.migrations.ts. */
export const pgRundownMigrations: readonly PgMigration[] = [
  {
    id: 700,
    name: 'rundowns',
    up: `
      CREATE TABLE rundowns (
        id TEXT COLLATE "C" PRIMARY KEY,
        ncs_id TEXT COLLATE "C" NOT NULL,
        ro_id TEXT COLLATE "C" NOT NULL,
        slug TEXT COLLATE "C" NOT NULL,
        air_time TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        summary JSONB NOT NULL,
        doc JSONB NOT NULL,
        UNIQUE (ncs_id, ro_id)
      );
      CREATE INDEX rundowns_air ON rundowns (air_time);
      CREATE TABLE rundown_assets (
        rundown_id TEXT COLLATE "C" NOT NULL REFERENCES rundowns(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        asset_id TEXT COLLATE "C" NOT NULL,
        link JSONB NOT NULL,
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
        key TEXT COLLATE "C" PRIMARY KEY,
        asset_id TEXT COLLATE "C" NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];
