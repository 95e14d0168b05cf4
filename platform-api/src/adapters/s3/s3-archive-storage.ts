import { CopyObjectCommand, HeadObjectCommand, RestoreObjectCommand, type HeadObjectCommandOutput, type StorageClass } from '@aws-sdk/client-s3';
import { AppError, type StorageTier } from '@cutaway/shared';
import type { ArchiveRestoreStatus, ArchiveStorage, RestoreSpeed } from '../../ports/archive-storage';
import { s3Code, toStorageError } from './errors';
import { checkKey } from './keys';
import { copySource, MAX_COPY_BYTES, objectKey, type S3Target } from './options';
import { parseRestoreHeader } from './restore-header';

/** online reads instantly; GLACIER_IR also reads instantly but costs less to keep and more to read; DEEP_ARCHIVE needs a restore. */
export const STORAGE_CLASS: Record<StorageTier, StorageClass> = { online: 'STANDARD', nearline: 'GLACIER_IR', archive: 'DEEP_ARCHIVE' };

/** Storage classes on S3, through the documented calls only (CopyObject, RestoreObject, HeadObject). */
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
    checkKey(key);
    const { days, speed = 'standard' } = options;
    if (!Number.isSafeInteger(days) || days < 1) throw new AppError('request.invalid', 'Restore days must be a positive integer', { days });
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
      if (code === 'InvalidObjectState' || code === 'ObjectAlreadyInActiveTierError') {
        throw new AppError('request.invalid', `"${key}" is not archived; it can be read without a restore`, { key }, { cause: err });
      }
      throw toStorageError(err, key);
    }
  }

  async restoreStatus(key: string): Promise<ArchiveRestoreStatus> {
    return parseRestoreHeader((await this.head(key)).Restore);
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
