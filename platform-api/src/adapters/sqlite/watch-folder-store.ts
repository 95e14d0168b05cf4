import { WatchFolderSchema, type WatchFolder } from '@cutaway/shared';
import type { SeenFile, WatchFolderStore } from '../../ports/watch-folder-store';
import type { SqliteDb } from './database';

export class SqliteWatchFolderStore implements WatchFolderStore {
  constructor(private readonly db: SqliteDb) {}

  async create(folder: WatchFolder): Promise<void> {
    this.db.prepare('INSERT INTO watch_folders (id, doc, created_at) VALUES (?, ?, ?)').run(folder.id, JSON.stringify(folder), folder.createdAt);
  }

  async get(id: string): Promise<WatchFolder | null> {
    const doc = this.db.prepare('SELECT doc FROM watch_folders WHERE id = ?').pluck().get(id) as string | undefined;
    return doc ? WatchFolderSchema.parse(JSON.parse(doc)) : null;
  }

  async list(): Promise<WatchFolder[]> {
    const docs = this.db.prepare('SELECT doc FROM watch_folders ORDER BY created_at').pluck().all() as string[];
    return docs.map((d) => WatchFolderSchema.parse(JSON.parse(d)));
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM watch_folders WHERE id = ?').run(id).changes > 0;
  }

  async hasSeen(folderId: string, f: SeenFile): Promise<boolean> {
    const row = this.db
      .prepare('SELECT 1 FROM watch_folder_files WHERE watch_folder_id = ? AND path = ? AND size_bytes = ? AND mtime_ms = ?')
      .get(folderId, f.path, f.sizeBytes, Math.trunc(f.mtimeMs));
    return row !== undefined;
  }

  async markSeen(folderId: string, f: SeenFile, outcome: 'ingested' | 'duplicate' | 'failed', assetId: string | null): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO watch_folder_files (watch_folder_id, path, size_bytes, mtime_ms, asset_id, outcome, seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(folderId, f.path, f.sizeBytes, Math.trunc(f.mtimeMs), assetId, outcome, new Date().toISOString());
  }
}
