import type { PgMigration } from './database';

/** The audit trail (ids 600–609); the twin of the SQLite migration. */
export const pgAuditMigrations: readonly PgMigration[] = [
  {
    id: 600,
    name: 'audit trail',
    up: `
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        token_id TEXT,
        token_name TEXT,
        channel TEXT NOT NULL,
        action TEXT NOT NULL,
        asset_id TEXT,
        remote_address TEXT,
        status INTEGER,
        details JSONB
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
      CREATE INDEX audit_log_token ON audit_log (token_id, at DESC);
      CREATE INDEX audit_log_asset ON audit_log (asset_id, at DESC);
    `,
  },
];
