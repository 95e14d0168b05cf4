import type { StateDb } from './state-db';

/** Everything needed to resume one push after a restart without uploading anything twice. */
export interface UploadState {
  requestId: string;
  stagedPath: string | null;
  sizeBytes: number | null;
  cutInMs: number | null;
  fileName: string;
  fileId: string | null;
  mediaType: string | null;
  urls: Array<{ size: number; url: string }>;
  /** Indexes of parts S3 accepted for the current fileId. */
  partsDone: number[];
  uploadComplete: boolean;
  versionStackId: string | null;
  versioned: boolean;
  shareUrl: string | null;
  shared: boolean;
  viewUrl: string | null;
  /** How often an expired part URL made us re-create the upload. */
  recreated: number;
}

export class UploadStore {
  constructor(private readonly db: StateDb) {}

  get(requestId: string): UploadState | null {
    const doc = this.db.prepare('SELECT doc FROM uploads WHERE request_id = ?').pluck().get(requestId) as string | undefined;
    return doc ? (JSON.parse(doc) as UploadState) : null;
  }

  put(s: UploadState): void {
    this.db
      .prepare('INSERT INTO uploads (request_id, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at')
      .run(s.requestId, JSON.stringify(s), new Date().toISOString());
  }

  delete(requestId: string): void {
    this.db.prepare('DELETE FROM uploads WHERE request_id = ?').run(requestId);
  }

  rememberComment(commentId: string, assetId: string): void {
    this.db.prepare('INSERT INTO comment_assets (comment_id, asset_id) VALUES (?, ?) ON CONFLICT (comment_id) DO UPDATE SET asset_id = excluded.asset_id').run(commentId, assetId);
  }

  commentAsset(commentId: string): string | null {
    return (this.db.prepare('SELECT asset_id FROM comment_assets WHERE comment_id = ?').pluck().get(commentId) as string | undefined) ?? null;
  }

  meta(key: string, make: () => string): string {
    const v = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    if (v !== undefined) return v;
    const value = make();
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }
}
