import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError, type Asset } from '@cutaway/shared';
import type { ObjectStorage } from '../ports/object-storage';
import { assetPrefix, originalKey } from '../services/storage-keys';

export interface ObjectCopyResult {
  copied: number;
  skipped: number;
  bytes: number;
  /** Keys a row needs (or a volume lists) that the source could not read: reported, never silent. */
  missing: string[];
}

/**
 * Copies every stored file of one asset (original, renditions, thumbnails, frames, face thumbnails) from
 * the local media root into the target storage. An object already in the target with the same size is
 * skipped (resumable); every copy is verified by its sha256, and the original must match the checksum the
 * catalog recorded at ingest.
 */
export async function copyAssetObjects(roots: readonly string[], asset: Asset, source: ObjectStorage, target: ObjectStorage): Promise<ObjectCopyResult> {
  return copyPrefixObjects(roots, assetPrefix(asset.id), source, target, new Map([[originalKey(asset.id), asset.sha256]]));
}

/**
 * Copies every object under `prefix/` into the target storage. Keys are found by listing `prefix/` under
 * each volume root (the media root, and the nearline and archive tier volumes where the install has them:
 * an original moved to a tier volume is no longer under the media root); `source` reads each key from
 * wherever its tier record says it is.
 * `expected` maps keys to the sha256 the catalog recorded for them: a copy that differs is deleted and
 * stops the run (`upload.checksum_mismatch`), so the target never holds a row pointing at wrong bytes.
 */
export async function copyPrefixObjects(roots: readonly string[], prefix: string, source: ObjectStorage, target: ObjectStorage, expected: ReadonlyMap<string, string> = new Map()): Promise<ObjectCopyResult> {
  const keys = new Set<string>();
  for (const root of roots) {
    const files = await readdir(join(root, prefix), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const f of files) {
      if (!f.isFile() || f.name.includes('.part-')) continue;
      keys.add(relative(root, join(f.parentPath, f.name)).split(sep).join('/'));
    }
  }
  let copied = 0;
  let skipped = 0;
  let bytes = 0;
  const missing = [...expected.keys()].filter((k) => !keys.has(k));
  for (const key of [...keys].sort()) {
    const local = await source.stat(key);
    if (!local) {
      missing.push(key);
      continue;
    }
    const existing = await target.stat(key);
    if (existing && existing.sizeBytes === local.sizeBytes) {
      skipped += 1;
      continue;
    }
    const { path, release } = await source.localPath(key);
    try {
      const stored = await target.putFile(key, path, { move: false });
      const want = expected.get(key);
      if (want && stored.sha256 !== want) {
        await target.delete(key);
        throw new AppError('upload.checksum_mismatch', `${key} does not match its recorded sha256`, { key, expected: want, got: stored.sha256 });
      }
      copied += 1;
      bytes += stored.sizeBytes;
    } finally {
      await release();
    }
  }
  return { copied, skipped, bytes, missing };
}
