import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError, type Asset } from '@cutaway/shared';
import type { ObjectStorage } from '../ports/object-storage';
import { assetPrefix, originalKey } from '../services/storage-keys';

/**
 * Copies every stored file of one asset from the local media root into the target storage.
 * An object already in the target with the same size is skipped (resumable); every copy is
 * verified by its sha256, and the original must match the checksum the catalog recorded at ingest.
 */
export async function copyAssetObjects(mediaRoot: string, asset: Asset, source: ObjectStorage, target: ObjectStorage): Promise<{ copied: number; skipped: number; bytes: number }> {
  const dir = join(mediaRoot, assetPrefix(asset.id));
  const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let copied = 0;
  let skipped = 0;
  let bytes = 0;
  for (const f of files) {
    if (!f.isFile() || f.name.includes('.part-')) continue;
    const key = relative(mediaRoot, join(f.parentPath, f.name)).split(sep).join('/');
    const local = await source.stat(key);
    if (!local) continue;
    const existing = await target.stat(key);
    if (existing && existing.sizeBytes === local.sizeBytes) {
      skipped += 1;
      continue;
    }
    const { path, release } = await source.localPath(key);
    try {
      const stored = await target.putFile(key, path, { move: false });
      if (key === originalKey(asset.id) && stored.sha256 !== asset.sha256) {
        await target.delete(key);
        throw new AppError('upload.checksum_mismatch', `Original of ${asset.id} does not match its recorded sha256`, { assetId: asset.id, expected: asset.sha256, got: stored.sha256 });
      }
      copied += 1;
      bytes += stored.sizeBytes;
    } finally {
      await release();
    }
  }
  return { copied, skipped, bytes };
}
