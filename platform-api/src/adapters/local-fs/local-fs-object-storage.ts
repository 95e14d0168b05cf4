import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, statfs, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '@cutaway/shared';
import type { ByteRange, ObjectStorage, PutOptions, StoredObject } from '../../ports/object-storage';
import { errnoOf } from '../common/errno';
import { resolveKey, resolvePrefix } from '../common/object-keys';
import { hashAndSync, syncDir, toStorageError, writeHashed, type Written } from './files';
import { sweepStale } from './sweep';

/** Long enough that no live upload (which writes continuously) is ever taken for a crash leftover. */
export const DEFAULT_PARTIAL_MAX_AGE_MS = 30 * 60_000;

const randomHex = (): string => randomBytes(8).toString('hex');
const notFound = (key: string, cause?: unknown): AppError =>
  new AppError('storage.not_found', `No stored object "${key}"`, { key }, { cause });
const isMissing = (err: unknown): boolean => errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR';

/**
 * Objects are plain files under `root`, at the path their key names. Every write goes to a
 * `<final>.part-<random>` sibling first and is renamed into place, so readers see whole objects only.
 */
export class LocalFsObjectStorage implements ObjectStorage {
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  /** On failure the body is destroyed: for an HTTP request that also closes the connection. */
  async put(key: string, body: Readable, options: PutOptions = {}): Promise<StoredObject> {
    let part: string | undefined;
    try {
      const final = resolveKey(this.root, key);
      await mkdir(dirname(final), { recursive: true });
      part = `${final}.part-${randomHex()}`;
      const written = await writeHashed(body, part, options);
      await publish(part, final);
      return { key, ...written };
    } catch (err) {
      body.destroy();
      if (part) await rm(part, { force: true }).catch(() => undefined);
      throw toStorageError(err, key);
    }
  }

  async putFile(key: string, localPath: string, options: { move?: boolean } = {}): Promise<StoredObject> {
    const final = resolveKey(this.root, key);
    const source = resolve(localPath);
    const info = await stat(source).catch((err: unknown) => {
      if (isMissing(err)) throw new AppError('storage.not_found', `No file to store at "${localPath}"`, { localPath }, { cause: err });
      throw err;
    });
    if (!info.isFile()) throw new AppError('storage.not_found', `"${localPath}" is not a regular file`, { localPath });
    const part = `${final}.part-${randomHex()}`;
    try {
      await mkdir(dirname(final), { recursive: true });
      let written: Written;
      if (options.move && (await renameUnlessCrossDevice(source, part))) {
        try {
          written = await hashAndSync(part);
          await publish(part, final);
        } catch (err) {
          await rename(part, source).catch(() => undefined); // hand the caller's file back
          throw err;
        }
      } else {
        written = await writeHashed(createReadStream(source), part);
        await publish(part, final);
        if (options.move) await rm(source, { force: true });
      }
      return { key, ...written };
    } catch (err) {
      await rm(part, { force: true }).catch(() => undefined);
      throw toStorageError(err, key);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = await this.openObject(key);
    try {
      if (!range) return file.createReadStream();
      checkRange(key, range, (await file.stat()).size);
      return file.createReadStream({ start: range.start, end: range.end });
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    const path = resolveKey(this.root, key);
    try {
      const info = await stat(path);
      return info.isFile() ? { sizeBytes: info.size } : null; // a directory is a prefix, not an object
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(resolveKey(this.root, key));
    } catch (err) {
      if (isMissing(err) || errnoOf(err) === 'EISDIR') return; // already gone, or a prefix rather than an object
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const dir = resolvePrefix(this.root, prefix);
    // Only a directory: a file at `prefix` itself is the object `prefix`, which does not start with `prefix/`.
    const info = await lstat(dir).catch((err: unknown) => (isMissing(err) ? null : Promise.reject(err)));
    if (info?.isDirectory()) await rm(dir, { recursive: true, force: true });
  }

  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> }> {
    const path = resolveKey(this.root, key);
    if (!(await this.stat(key))) throw notFound(key);
    return { path, release: async () => undefined };
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const probe = join(this.root, `.health-${randomHex()}`);
    try {
      await writeFile(probe, 'ok', { flag: 'wx' });
      await unlink(probe);
      const fs = await statfs(this.root);
      return { ok: true, detail: `local disk writable, ${formatBytes(fs.bavail * fs.bsize)} free of ${formatBytes(fs.blocks * fs.bsize)}` };
    } catch (err) {
      await rm(probe, { force: true }).catch(() => undefined);
      // The code only: /health needs no token, so it must not reveal paths on the server.
      const why = errnoOf(err) === 'ENOSPC' || errnoOf(err) === 'EDQUOT' ? 'full' : (errnoOf(err) ?? 'unknown error');
      return { ok: false, detail: `local disk not writable: ${why}` };
    }
  }

  /**
   * Removes uploads a crash left half-written (see sweepStale for why only old ones).
   * Call at startup; a long-running process may also call it on an interval.
   */
  sweepPartials(olderThanMs = DEFAULT_PARTIAL_MAX_AGE_MS): Promise<number> {
    return sweepStale(this.root, olderThanMs);
  }

  private async openObject(key: string): Promise<FileHandle> {
    const path = resolveKey(this.root, key);
    const file = await open(path, 'r').catch((err: unknown) => Promise.reject(isMissing(err) ? notFound(key, err) : err));
    const isFile = await file.stat().then((s) => s.isFile(), () => false);
    if (isFile) return file;
    await file.close();
    throw notFound(key);
  }
}

async function publish(part: string, final: string): Promise<void> {
  await rename(part, final); // atomic within one filesystem; replaces an older version of the object
  await syncDir(dirname(final));
}

/** False when source and root are on different filesystems, where only a copy can move the file. */
async function renameUnlessCrossDevice(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'EXDEV') return false;
    throw err;
  }
}

function checkRange(key: string, { start, end }: ByteRange, sizeBytes: number): void {
  if (Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end < sizeBytes) return;
  throw new AppError('media.range_invalid', `Byte range ${start}-${end} is not within "${key}" (${sizeBytes} bytes)`, { start, end, sizeBytes });
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
