import { WatchFolderSchema, type WatchFolder } from '@cutaway/shared';
import type { SeenFile, WatchFolderStore } from '../../ports/watch-folder-store';
import type { PgPool } from './database';
import { mapJsonbError } from './catalog.tx';

/** Watch folders and their ledger on PostgreSQL; the twin of SqliteWatchFolderStore, held to the same contract suite. */
export class PgWatchFolderStore implements WatchFolderStore {
  constructor(private readonly pool: PgPool) {}

  async create(folder: WatchFolder): Promise<void> {
    await this.pool
      .query('INSERT INTO watch_folders (id, doc, created_at) VALUES ($1, $2, $3)', [folder.id, JSON.stringify(folder), folder.createdAt])
      .catch((err: unknown) => {
        throw mapJsonbError(err);
      });
  }

  async get(id: string): Promise<WatchFolder | null> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM watch_folders WHERE id = $1', [id]);
    // pg hands jsonb back already decoded; the schema still guards against drift.
    return rows[0] ? WatchFolderSchema.parse(rows[0].doc) : null;
  }

  async list(): Promise<WatchFolder[]> {
    const { rows } = await this.pool.query<{ doc: unknown }>('SELECT doc FROM watch_folders ORDER BY created_at, id');
    return rows.map((r) => WatchFolderSchema.parse(r.doc));
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM watch_folders WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async hasSeen(folderId: string, f: SeenFile): Promise<boolean> {
    // mtimes are truncated to whole ms on both sides, as SQLite does: stat() may report fractions.
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM watch_folder_files WHERE watch_folder_id = $1 AND path = $2 AND size_bytes = $3 AND mtime_ms = $4',
      [folderId, f.path, f.sizeBytes, Math.trunc(f.mtimeMs)],
    );
    return (rowCount ?? 0) > 0;
  }

  async markSeen(folderId: string, f: SeenFile, outcome: 'ingested' | 'duplicate' | 'failed', assetId: string | null): Promise<void> {
    // Upsert: the latest outcome for a file version wins, like SQLite's INSERT OR REPLACE.
    await this.pool.query(
      `INSERT INTO watch_folder_files (watch_folder_id, path, size_bytes, mtime_ms, asset_id, outcome, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (watch_folder_id, path, size_bytes, mtime_ms)
       DO UPDATE SET asset_id = EXCLUDED.asset_id, outcome = EXCLUDED.outcome, seen_at = EXCLUDED.seen_at`,
      [folderId, f.path, f.sizeBytes, Math.trunc(f.mtimeMs), assetId, outcome],
    );
  }
}
