import { opendir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './files';
import { PART_FILE } from './keys';

/** Health probes are named so that no key can match them (keys start with a letter or digit). */
export const PROBE_FILE = /^\.health-[0-9a-f]{16}$/;

/**
 * Removes `.part-*` (and health probe) files not modified for `olderThanMs`, and folders left empty for as
 * long (an asset folder whose upload was rejected or crashed); returns how many files and folders went.
 *
 * Why this exists: `put` deletes its partial on every failure it can see, but a crash, kill -9 or power
 * loss skips that cleanup, and nothing would ever finish or remove the file. Why only stale ones: a fresh
 * partial may belong to a put running right now in another process sharing the root (a worker, a second
 * instance, a rolling restart). A live put writes continuously, so an old mtime means abandoned.
 */
export async function sweepStale(root: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  const walk = async (dir: string, isRoot = false): Promise<void> => {
    let entries;
    try {
      entries = await opendir(dir);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return; // deleted meanwhile
      throw err;
    }
    for await (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile() && (PART_FILE.test(entry.name) || PROBE_FILE.test(entry.name))) {
        try {
          if (now - (await stat(path)).mtimeMs < olderThanMs) continue;
          await unlink(path);
          removed++;
        } catch (err) {
          if (errnoOf(err) !== 'ENOENT') throw err; // its put finished or cleaned up meanwhile
        }
      }
    }
    if (!isRoot && (await removeIfEmptyAndOld(dir, olderThanMs, now))) removed++;
  };
  await walk(root, true);
  return removed;
}

/**
 * A put creates its folder a moment before its part file: an old mtime (a folder's mtime changes whenever an
 * entry is added or removed) says nobody is about to write there. rmdir itself refuses a non-empty folder.
 */
async function removeIfEmptyAndOld(dir: string, olderThanMs: number, now: number): Promise<boolean> {
  try {
    if (now - (await stat(dir)).mtimeMs < olderThanMs) return false;
    await rmdir(dir);
    return true;
  } catch (err) {
    if (['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(errnoOf(err) ?? '')) return false;
    throw err;
  }
}
