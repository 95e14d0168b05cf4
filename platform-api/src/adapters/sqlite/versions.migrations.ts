import type { Migration } from './database';

/** Version chains (ids 760–779): chain look-ups go by version_of (the column exists since migration 100). */
export const versionMigrations: readonly Migration[] = [
  { id: 760, name: 'asset_versions_index', up: 'CREATE INDEX IF NOT EXISTS assets_version_of ON assets (version_of)' },
];
