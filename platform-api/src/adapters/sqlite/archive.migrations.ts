import type { Migration } from './database';

/** Lifecycle policies and the restore log (ids 780–799). */
export const archiveMigrations: readonly Migration[] = [
  {
    id: 780,
    name: 'archive policies and restore log',
    up: `
      CREATE TABLE archive_policies (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE archive_restores (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        asset_id TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX archive_restores_requested ON archive_restores (requested_at);
    `,
  },
];
