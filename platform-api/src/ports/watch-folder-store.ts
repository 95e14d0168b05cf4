import type { WatchFolder } from '@cutaway/shared';

export interface SeenFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

/** Watch folder configuration and the ledger of files each one already took in. */
export interface WatchFolderStore {
  create(folder: WatchFolder): Promise<void>;
  get(id: string): Promise<WatchFolder | null>;
  list(): Promise<WatchFolder[]>;
  delete(id: string): Promise<boolean>;
  /** True when this exact file version (path, size, mtime) was already handled. */
  hasSeen(folderId: string, file: SeenFile): Promise<boolean>;
  markSeen(folderId: string, file: SeenFile, outcome: 'ingested' | 'duplicate' | 'failed', assetId: string | null): Promise<void>;
}
