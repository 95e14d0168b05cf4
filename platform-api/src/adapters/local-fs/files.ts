import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '@cutaway/shared';
import type { PutOptions } from '../../ports/object-storage';
import { errnoOf } from '../common/errno';

export interface Written {
  sizeBytes: number;
  sha256: string;
}

/** Turns the few filesystem failures callers can act on into AppErrors; anything else stays as it is. */
export function toStorageError(err: unknown, key: string): unknown {
  if (err instanceof AppError) return err;
  const code = errnoOf(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppError('storage.full', `Storage is full: no space left on the media volume while writing "${key}"`, { key }, { cause: err });
  }
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return new AppError('storage.key_invalid', `Storage key "${key}" collides with an existing object or prefix`, { key }, { cause: err });
  }
  return err;
}

/**
 * Copies `source` into a new file at `path`, hashing on the way. Each write is awaited before the next
 * chunk is pulled, so memory holds one chunk whatever the size. Ends with fsync so that the rename
 * which publishes the file never exposes bytes still in the page cache. The caller removes `path` on failure.
 */
export async function writeHashed(source: Readable, path: string, options: PutOptions = {}): Promise<Written> {
  const hash = createHash('sha256');
  let size = 0;
  const file = await open(path, 'wx');
  const chunks = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await chunks.next();
      } catch (err) {
        // The source errored or was destroyed before 'end': for an HTTP body, the client hung up.
        throw new AppError('upload.truncated', `Upload ended early after ${size} bytes`, { receivedBytes: size }, { cause: err });
      }
      if (next.done) break;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
      if (options.maxBytes !== undefined && size + chunk.length > options.maxBytes) {
        throw new AppError('request.too_large', `Upload exceeds the limit of ${options.maxBytes} bytes`, { maxBytes: options.maxBytes });
      }
      await writeAll(file, chunk);
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(size);
    }
    await file.sync();
  } catch (err) {
    // Stop pulling bytes we will not keep (and release the source's own resources).
    source.destroy();
    throw err;
  } finally {
    await file.close();
  }
  return { sizeBytes: size, sha256: hash.digest('hex') };
}

/** fs writes may be short; loop until the whole chunk is on its way. */
async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Hashes a file adopted by rename and fsyncs it, since its writer may never have done so. */
export async function hashAndSync(path: string): Promise<Written> {
  const file = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let size = 0;
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
    await file.sync();
    return { sizeBytes: size, sha256: hash.digest('hex') };
  } finally {
    await file.close();
  }
}

/** Makes a rename durable; best effort, as some platforms cannot open or fsync a directory. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* not supported here: the rename is still atomic, only its durability is weaker */
  }
}
