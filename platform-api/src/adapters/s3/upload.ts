import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AppError } from '@cutaway/shared';
import type { PutOptions, StoredObject } from '../../ports/object-storage';
import { s3Status, toStorageError } from './errors';
import { CONTENT_TYPE, md5Base64, MultipartWriter } from './multipart';
import { copySource, MAX_COPY_BYTES, MAX_PARTS, objectKey, type S3Target } from './options';

/** The user-metadata name (x-amz-meta-sha256) holding the object's sha256 in hex. */
export const SHA256_META = 'sha256';

export interface UploadOptions extends PutOptions {
  /** Known up front (putFile hashed the file): goes into the metadata from the start and is checked at the end. */
  expectedSha256?: string;
  partSizeBytes?: number;
}

/** Received bytes not yet sent. `take` copies out one part, so no part keeps a neighbour's memory alive. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const all = Buffer.concat(this.chunks, this.length);
    this.chunks = n < all.length ? [Buffer.from(all.subarray(n))] : [];
    this.length -= n;
    return n < all.length ? all.subarray(0, n) : all;
  }
}

async function pull(chunks: AsyncIterator<unknown>, received: number): Promise<Buffer | null> {
  let next: IteratorResult<unknown>;
  try {
    next = await chunks.next();
  } catch (err) {
    // The source errored or was destroyed before 'end': for an HTTP body, the client hung up.
    throw new AppError('upload.truncated', `Upload ended early after ${received} bytes`, { receivedBytes: received }, { cause: err });
  }
  if (next.done) return null;
  return typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
}

/**
 * Streams `source` into `key`, hashing on the way. A body that fits in one part goes up as one PutObject;
 * anything larger as a multipart upload, started only once a second part is certain. Either way the object
 * appears whole or not at all: S3 publishes a PutObject or a completed upload atomically, and on any failure
 * the upload is aborted and the source destroyed.
 */
export async function uploadStream(t: S3Target, key: string, source: Readable, options: UploadOptions = {}): Promise<StoredObject> {
  const partSize = options.partSizeBytes ?? t.partSizeBytes;
  const partLimit = partSize * MAX_PARTS;
  const hash = createHash('sha256');
  const queue = new ByteQueue();
  const metadata: Record<string, string> = options.expectedSha256 ? { [SHA256_META]: options.expectedSha256 } : {};
  let writer: MultipartWriter | undefined;
  let size = 0;
  try {
    const chunks = source[Symbol.asyncIterator]();
    for (let chunk = await pull(chunks, size); chunk; chunk = await pull(chunks, size)) {
      if (options.maxBytes !== undefined && size + chunk.length > options.maxBytes) {
        throw new AppError('request.too_large', `Upload exceeds the limit of ${options.maxBytes} bytes`, { maxBytes: options.maxBytes });
      }
      if (size + chunk.length > partLimit) {
        throw new AppError('request.too_large', `Upload exceeds ${MAX_PARTS} parts of ${partSize} bytes; raise partSizeBytes`, { maxBytes: partLimit });
      }
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(size); // bytes accepted into the upload; the object exists only once put resolves
      queue.push(chunk);
      // Strictly more than one part: a body of exactly one part still goes up as a single PutObject.
      while (queue.length > partSize) {
        writer ??= await MultipartWriter.start(t, key, metadata);
        await writer.ready(); // the source is not read while the previous part is still uploading
        writer.send(queue.take(partSize));
      }
    }
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 && sha256 !== options.expectedSha256) {
      throw new AppError('upload.checksum_mismatch', `The file for "${key}" changed while it was being stored`, { key });
    }
    if (!writer) {
      await putSingle(t, key, queue.take(queue.length), sha256);
    } else {
      await writer.ready();
      if (queue.length > 0) writer.send(queue.take(queue.length));
      const done = await writer.complete();
      if (!options.expectedSha256) {
        if (done.ours) await stampSha256(t, key, done.etag, size, sha256);
        else t.log?.warn({ key }, 'object replaced by another put before its sha256 could be stored; left to that put');
      }
    }
    return { key, sizeBytes: size, sha256 };
  } catch (err) {
    source.destroy();
    await writer?.abort();
    throw toStorageError(err, key);
  }
}

async function putSingle(t: S3Target, key: string, body: Buffer, sha256: string): Promise<void> {
  await t.client.send(
    new PutObjectCommand({
      Bucket: t.bucket,
      Key: objectKey(t, key),
      Body: body,
      ContentLength: body.length,
      ContentMD5: md5Base64(body),
      ContentType: CONTENT_TYPE,
      Metadata: { [SHA256_META]: sha256 },
    }),
  );
}

/**
 * A streamed multipart upload learns its hash only after the last part, when its metadata is already fixed;
 * a server-side copy onto itself adds it (no bytes travel through us). Best effort: the object is already
 * published and correct, and the caller gets the hash from put's result, so a failure here is logged, not
 * thrown. The copy is conditional on the ETag we just completed: if a concurrent put replaced the object
 * meanwhile (412), that put stamps its own hash and this one must not label its bytes.
 */
async function stampSha256(t: S3Target, key: string, etag: string | undefined, size: number, sha256: string): Promise<void> {
  if (size > MAX_COPY_BYTES) {
    t.log?.warn({ key, size }, 'object too large for a single CopyObject; sha256 metadata not stored');
    return;
  }
  try {
    await t.client.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: objectKey(t, key),
        CopySource: copySource(t, key),
        CopySourceIfMatch: etag,
        MetadataDirective: 'REPLACE',
        ContentType: CONTENT_TYPE,
        Metadata: { [SHA256_META]: sha256 },
      }),
    );
  } catch (err) {
    if (s3Status(err) === 412) return;
    t.log?.warn({ err, key }, 'could not store sha256 metadata');
  }
}
