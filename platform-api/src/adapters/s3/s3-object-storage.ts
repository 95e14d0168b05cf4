import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { AppError } from '@cutaway/shared';
import type { ArchiveStorage } from '../../ports/archive-storage';
import type { ByteRange, ObjectStorage, PutOptions, StoredObject } from '../../ports/object-storage';
import { errnoOf } from '../common/errno';
import { isMissingKey, isMissingUpload, s3Code, s3Status, toStorageError, withReadableMessage } from './errors';
import { hashFile } from './hash-file';
import { checkKey, checkPrefix } from './keys';
import { createS3Target, MAX_PARTS, MIN_PART_SIZE, objectKey, type S3StorageOptions, type S3Target } from './options';
import { checkRangeShape, fitToRange, rangeInvalid } from './ranges';
import { S3ArchiveStorage } from './s3-archive-storage';
import { uploadStream } from './upload';

/** Objects in one bucket (under an optional prefix). See upload.ts for how puts stay atomic and bounded in memory. */
export class S3ObjectStorage implements ObjectStorage {
  private readonly t: S3Target;

  constructor(options: S3StorageOptions) {
    this.t = createS3Target(options);
  }

  /** Closes the client's pooled connections (at shutdown); this storage and its archive() are unusable after. */
  close(): void {
    this.t.client.destroy();
  }

  /** Storage classes of the same objects, sharing this storage's client. */
  archive(): ArchiveStorage {
    return new S3ArchiveStorage(this.t);
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<StoredObject> {
    try {
      checkKey(key);
    } catch (err) {
      body.destroy(); // as on any failed put: stop reading, and for an HTTP request close the connection
      throw err;
    }
    return uploadStream(this.t, key, body, options);
  }

  /**
   * Reads the file twice: once to hash it, so the hash is in the metadata from the start (no copy afterwards),
   * and once to upload it, hashing again so that a file changed in between fails with upload.checksum_mismatch.
   * Knowing the size, it raises the part size when the default would need more than 10,000 parts.
   */
  async putFile(key: string, localPath: string, options: { move?: boolean } = {}): Promise<StoredObject> {
    checkKey(key);
    const source = resolve(localPath);
    const info = await stat(source).catch((err: unknown) => {
      const missing = errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR';
      throw missing ? new AppError('storage.not_found', `No file to store at "${localPath}"`, { localPath }, { cause: err }) : err;
    });
    if (!info.isFile()) throw new AppError('storage.not_found', `"${localPath}" is not a regular file`, { localPath });
    const sha256 = await hashFile(source);
    const partSizeBytes = Math.max(this.t.partSizeBytes, Math.ceil(info.size / MAX_PARTS / MIN_PART_SIZE) * MIN_PART_SIZE);
    const stored = await uploadStream(this.t, key, createReadStream(source), { expectedSha256: sha256, partSizeBytes });
    if (options.move) await rm(source, { force: true });
    return stored;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    checkKey(key);
    if (range) checkRangeShape(key, range);
    try {
      const out = await this.t.client.send(
        new GetObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      const body = out.Body as Readable;
      return range ? fitToRange(key, range, body, out.ContentRange, out.ContentLength) : body;
    } catch (err) {
      if (range && (s3Code(err) === 'InvalidRange' || s3Status(err) === 416)) throw rangeInvalid(key, range);
      throw toStorageError(err, key);
    }
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    checkKey(key);
    try {
      const out = await this.t.client.send(new HeadObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, key) }));
      return { sizeBytes: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissingKey(err)) return null;
      throw toStorageError(err, key);
    }
  }

  /** S3 answers 204 whether or not the key existed, so this is idempotent as the port requires. */
  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.t.client.send(new DeleteObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, key) }));
  }

  /** Lists `prefix/` page by page and deletes each page with one DeleteObjects (both cap at 1000 keys). */
  async deletePrefix(prefix: string): Promise<void> {
    const listPrefix = `${objectKey(this.t, checkPrefix(prefix))}/`;
    let token: string | undefined;
    do {
      const page = await this.t.client.send(
        new ListObjectsV2Command({ Bucket: this.t.bucket, Prefix: listPrefix, ContinuationToken: token, MaxKeys: this.t.listPageSize }),
      );
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length > 0) {
        const out = await this.t.client.send(new DeleteObjectsCommand({ Bucket: this.t.bucket, Delete: { Objects: objects, Quiet: true } }));
        const failed = out.Errors ?? [];
        if (failed.length > 0) {
          throw new AppError('internal', `Could not delete ${failed.length} objects under "${prefix}"`, {
            prefix,
            errors: failed.slice(0, 10).map((e) => ({ key: e.Key, code: e.Code })),
          });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Downloads to a private folder under scratchDir, named after the key's last segment so tools still see its extension. */
  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> }> {
    checkKey(key);
    await mkdir(this.t.scratchDir, { recursive: true });
    const dir = await mkdtemp(join(this.t.scratchDir, 's3-'));
    const release = (): Promise<void> => rm(dir, { recursive: true, force: true });
    const path = join(dir, basename(key));
    try {
      await pipeline(await this.read(key), createWriteStream(path, { flags: 'wx' }));
      return { path, release };
    } catch (err) {
      await release();
      throw err;
    }
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const where = `s3://${this.t.bucket}/${this.t.prefix}`;
    try {
      await this.t.client.send(new HeadBucketCommand({ Bucket: this.t.bucket }));
      return { ok: true, detail: `${where} reachable` };
    } catch (err) {
      return { ok: false, detail: `${where} not reachable: ${(withReadableMessage(err) as Error).message}` };
    }
  }

  /**
   * Aborts multipart uploads under our prefix started more than `olderThanMs` ago; returns how many. A crash
   * between CreateMultipartUpload and Complete/Abort leaves parts that S3 keeps (and bills) forever. Only old
   * ones, because a fresh one may be a put running now in another process. The local-fs twin is sweepPartials;
   * a bucket lifecycle rule (AbortIncompleteMultipartUpload) does the same job where one can be configured.
   */
  async sweepIncompleteUploads(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.t.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.t.bucket,
          Prefix: this.t.prefix ? `${this.t.prefix}/` : undefined,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      for (const u of page.Uploads ?? []) {
        if (!u.Key || !u.UploadId || !u.Initiated || now - u.Initiated.getTime() < olderThanMs) continue;
        try {
          await this.t.client.send(new AbortMultipartUploadCommand({ Bucket: this.t.bucket, Key: u.Key, UploadId: u.UploadId }));
          removed++;
        } catch (err) {
          if (!isMissingUpload(err)) throw withReadableMessage(err); // else finished or aborted meanwhile
        }
      }
      [keyMarker, uploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
    } while (keyMarker);
    return removed;
  }
}
