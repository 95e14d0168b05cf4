import type { Migration } from './database';

/** The audit trail (ids 600–609). Indexes serve the filters of GET /audit, newest first. */
export const auditMigrations: readonly Migration[] = [
  {
    id: 600,
    name: 'audit trail',
    up: `
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        token_id TEXT,
        token_name TEXT,
        channel TEXT NOT NULL,
        action TEXT NOT NULL,
        asset_id TEXT,
        remote_address TEXT,
        status INTEGER,
        details TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
      CREATE INDEX audit_log_token ON audit_log (token_id, at DESC);
      CREATE INDEX audit_log_asset ON audit_log (asset_id, at DESC);
    `,
  },
];
