import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { LocalFsObjectStorage } from '../adapters/local-fs/local-fs-object-storage';
import { migrate, openSqlite } from '../adapters/sqlite/database';
import { ALL_MIGRATIONS } from '../adapters/sqlite/migrations';
import type { Catalog } from '../composition/catalog';
import { openSqliteCatalog } from '../composition/sqlite-catalog';
import type { ObjectStorage } from '../ports/object-storage';
import { copyCatalog, type CopyStats } from './copy-catalog';
import { copyAssetObjects } from './copy-objects';

export interface MigrationReport extends CopyStats {
  objectsCopied: number;
  objectsSkipped: number;
  bytesCopied: number;
}

/**
 * Embedded (SQLite + local disk) → scale-out (PostgreSQL + S3): catalog, search segments, tokens, rundowns,
 * watch folders, vocabulary and every stored file, checksums verified, safe to run again after an
 * interruption. Vectors are not copied: queue the `embeddings` step on the target to rebuild them.
 */
export async function migrateEmbedded(fromDataDir: string, target: { catalog: Catalog; storage: ObjectStorage }, log: Logger): Promise<MigrationReport> {
  const dataDir = resolve(fromDataDir);
  const db = openSqlite(join(dataDir, 'cutaway.db'));
  migrate(db, ALL_MIGRATIONS);
  const source = openSqliteCatalog(dataDir, { model: 'none', dimensions: 1 }, db);
  const mediaRoot = join(dataDir, 'media');
  const sourceStorage = new LocalFsObjectStorage(mediaRoot);
  let objectsCopied = 0;
  let objectsSkipped = 0;
  let bytesCopied = 0;
  try {
    const stats = await copyCatalog({ db, catalog: source }, target.catalog, log, async (asset) => {
      const r = await copyAssetObjects(mediaRoot, asset, sourceStorage, target.storage);
      objectsCopied += r.copied;
      objectsSkipped += r.skipped;
      bytesCopied += r.bytes;
    });
    return { ...stats, objectsCopied, objectsSkipped, bytesCopied };
  } finally {
    db.close();
  }
}
