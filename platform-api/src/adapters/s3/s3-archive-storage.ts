import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, RestoreObjectCommand, type HeadObjectCommandOutput, type StorageClass } from '@aws-sdk/client-s3';
import { AppError, type StorageTier } from '@cutaway/shared';
import type { ArchiveRestoreStatus, ArchiveStorage, RestoreSpeed } from '../../ports/archive-storage';
import { isNotImplemented, s3Code, s3Status, toStorageError } from './errors';
import { checkKey } from './keys';
import { copySource, MAX_COPY_BYTES, objectKey, type S3Target } from './options';
import { parseRestoreHeader } from './restore-header';

/** online reads instantly; GLACIER_IR also reads instantly but costs less to keep and more to read; DEEP_ARCHIVE needs a restore. */
export const STORAGE_CLASS: Record<StorageTier, StorageClass> = { online: 'STANDARD', nearline: 'GLACIER_IR', archive: 'DEEP_ARCHIVE' };

/** Classes AWS makes unreadable until restored. Other engines (Ceph RGW) store the class but keep such objects readable. */
const RESTORE_CLASSES = new Set<string>(['GLACIER', 'DEEP_ARCHIVE']);

/**
 * Storage classes on S3, through the documented calls only (CopyObject, RestoreObject, HeadObject, GetObject).
 * Two archive semantics exist in the field, and this adapter learns which one applies per object by asking:
 * - AWS (Glacier): a DEEP_ARCHIVE object cannot be read (GetObject: 403 InvalidObjectState) until a RestoreObject
 *   makes a temporary copy;
 * - engines without Glacier semantics (Ceph RGW, which answers RestoreObject with 501 NotImplemented): the class is
 *   a placement label and the object stays readable, so no restore is needed and restoreStatus says `not_needed`.
 */
export class S3ArchiveStorage implements ArchiveStorage {
  readonly movesBytes = false;

  constructor(private readonly t: S3Target) {}

  /** AWS documents DEEP_ARCHIVE restores as within 12 hours (standard) and 48 hours (bulk). */
  restoreEstimateMs(speed: RestoreSpeed): number {
    return (speed === 'bulk' ? 48 : 12) * 3_600_000;
  }

  /**
   * Rewrites the object onto itself with the new storage class; MetadataDirective COPY keeps its metadata
   * (the sha256 among it). S3 refuses a copy that changes nothing, so the current class is read first.
   * Copying out of DEEP_ARCHIVE needs a restored copy; S3 says InvalidObjectState, surfaced as asset.not_ready.
   * The copy is conditional on the ETag just read, so a put that replaced the object meanwhile is not re-tiered blindly.
   */
  async setTier(key: string, tier: StorageTier): Promise<void> {
    const head = await this.head(key);
    const wanted = STORAGE_CLASS[tier];
    // HeadObject omits x-amz-storage-class for STANDARD.
    if ((head.StorageClass ?? 'STANDARD') === wanted) return;
    if ((head.ContentLength ?? 0) > MAX_COPY_BYTES) {
      // A larger object needs a multipart copy (UploadPartCopy), not implemented; a bucket lifecycle rule can tier it.
      throw new AppError('request.too_large', `"${key}" is over 5 GiB; change its tier with a bucket lifecycle rule`, { key, sizeBytes: head.ContentLength });
    }
    try {
      await this.t.client.send(
        new CopyObjectCommand({
          Bucket: this.t.bucket,
          Key: objectKey(this.t, key),
          CopySource: copySource(this.t, key),
          CopySourceIfMatch: head.ETag,
          MetadataDirective: 'COPY',
          StorageClass: wanted,
        }),
      );
    } catch (err) {
      throw toStorageError(err, key);
    }
  }

  /**
   * RestoreObject: 202 when started, 200 when a restored copy exists (its expiry moves to now + days),
   * 409 RestoreAlreadyInProgress while one runs (taken as success: the caller's wish is already underway),
   * 403 InvalidObjectState when the object is in a class that needs no restore.
   */
  async restore(key: string, options: { days: number; speed?: RestoreSpeed }): Promise<void> {
    const { days, speed = 'standard' } = options;
    if (!Number.isSafeInteger(days) || days < 1) throw new AppError('request.invalid', 'Restore days must be a positive integer', { days });
    // HEAD first: RGW answers RestoreObject with 501 even for a missing key, so existence and class are checked here.
    const head = await this.head(key);
    if (!RESTORE_CLASSES.has(head.StorageClass ?? 'STANDARD')) {
      throw new AppError('request.invalid', `"${key}" is not archived; it can be read without a restore`, { key, storageClass: head.StorageClass ?? 'STANDARD' });
    }
    try {
      await this.t.client.send(
        new RestoreObjectCommand({
          Bucket: this.t.bucket,
          Key: objectKey(this.t, key),
          RestoreRequest: { Days: days, GlacierJobParameters: { Tier: speed === 'bulk' ? 'Bulk' : 'Standard' } },
        }),
      );
    } catch (err) {
      const code = s3Code(err);
      if (code === 'RestoreAlreadyInProgress') return;
      if (isNotImplemented(err)) {
        // The engine has no restores. If it keeps archived objects readable, there is nothing to restore
        // (restoreStatus says not_needed); otherwise the object is out of reach and the operator must know why.
        if (await this.readableInPlace(key)) return;
        throw new AppError('storage.not_implemented', `The S3 engine cannot restore "${key}": RestoreObject is not implemented (501) and the object is not readable`, { key }, { cause: err });
      }
      if (code === 'InvalidObjectState' || code === 'ObjectAlreadyInActiveTierError') {
        throw new AppError('request.invalid', `"${key}" is not archived; it can be read without a restore`, { key }, { cause: err });
      }
      throw toStorageError(err, key);
    }
  }

  async restoreStatus(key: string): Promise<ArchiveRestoreStatus> {
    const head = await this.head(key);
    const status = parseRestoreHeader(head.Restore);
    if (status.state !== 'none' || !RESTORE_CLASSES.has(head.StorageClass ?? 'STANDARD')) return status;
    return (await this.readableInPlace(key)) ? { state: 'not_needed', expiresAt: null } : status;
  }

  /**
   * Whether an object in an archive class can be read as it is: a one-byte ranged GET. AWS refuses it with 403
   * InvalidObjectState until restored; Ceph RGW serves it. An empty object answers 416, which also means readable.
   */
  private async readableInPlace(key: string): Promise<boolean> {
    try {
      const out = await this.t.client.send(new GetObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, key), Range: 'bytes=0-0' }));
      (out.Body as Readable | undefined)?.destroy();
      return true;
    } catch (err) {
      if (s3Code(err) === 'InvalidObjectState') return false;
      if (s3Code(err) === 'InvalidRange' || s3Status(err) === 416) return true;
      throw toStorageError(err, key);
    }
  }

  private async head(key: string): Promise<HeadObjectCommandOutput> {
    checkKey(key);
    try {
      return await this.t.client.send(new HeadObjectCommand({ Bucket: this.t.bucket, Key: objectKey(this.t, key) }));
    } catch (err) {
      throw toStorageError(err, key);
    }
  }
}
