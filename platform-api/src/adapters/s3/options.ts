import { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '@cutaway/shared';
import type { Logger } from 'pino';
import { KEY_PATTERN } from '../../ports/object-storage';

/** S3 refuses parts below 5 MiB (all but the last) when the upload is completed, so smaller settings would only fail late. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/** S3's limit of parts per multipart upload; with the default 16 MiB parts a streamed put holds at most 156 GiB. */
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 16 * 1024 * 1024;
/** Largest object a single CopyObject may copy; beyond it S3 needs a multipart copy (UploadPartCopy). */
export const MAX_COPY_BYTES = 5 * 1024 ** 3;

export interface S3StorageOptions {
  /** Omit for AWS; set for an S3-compatible store (MinIO, Ceph, a test server). */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`); most S3-compatible stores need it. */
  forcePathStyle?: boolean;
  /** Keeps every object under `<prefix>/`, so one bucket can serve several installations. */
  prefix?: string;
  /** Size of each multipart part; two parts at most are held in memory per upload. */
  partSizeBytes?: number;
  /** Where `localPath` downloads objects for tools that need a file. */
  scratchDir: string;
  /** Keys per ListObjectsV2 page and DeleteObjects batch (S3's maximum is 1000); lower only to test pagination. */
  listPageSize?: number;
  /** Told about failures that do not fail the call: an abort that could not be sent, a metadata stamp that did not land. */
  log?: Pick<Logger, 'warn'>;
}

/** Everything the S3 adapters share: one client (one connection pool) and the resolved settings. */
export interface S3Target {
  client: S3Client;
  bucket: string;
  /** '' or a validated prefix without a trailing slash. */
  prefix: string;
  partSizeBytes: number;
  scratchDir: string;
  listPageSize: number;
  log?: Pick<Logger, 'warn'>;
}

function invalid(message: string, details: unknown): AppError {
  return new AppError('config.invalid', message, details);
}

export function createS3Target(options: S3StorageOptions): S3Target {
  const partSizeBytes = options.partSizeBytes ?? DEFAULT_PART_SIZE;
  if (!Number.isSafeInteger(partSizeBytes) || partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
    throw invalid(`partSizeBytes must be an integer from ${MIN_PART_SIZE} to ${MAX_PART_SIZE}`, { partSizeBytes });
  }
  const listPageSize = options.listPageSize ?? 1000;
  if (!Number.isSafeInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw invalid('listPageSize must be an integer from 1 to 1000', { listPageSize });
  }
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  // The prefix becomes part of every object key, so it obeys the same rules as keys.
  if (prefix !== '' && !KEY_PATTERN.test(prefix)) throw invalid('prefix must look like a storage key', { prefix });
  if (!options.bucket) throw invalid('bucket is required', {});
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK's default CRC32 checksums switch streamed bodies to aws-chunked encoding, which several
    // S3-compatible stores mishandle. We send Content-MD5 with every body ourselves instead; AWS and the common compatibles verify it.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { client, bucket: options.bucket, prefix, partSizeBytes, scratchDir: options.scratchDir, listPageSize, log: options.log };
}

/** The key S3 sees for one of our keys. */
export const objectKey = (t: S3Target, key: string): string => (t.prefix ? `${t.prefix}/${key}` : key);

/** `x-amz-copy-source` for an object of ours. Keys and bucket names hold only URL-safe characters, so nothing needs encoding. */
export const copySource = (t: S3Target, key: string): string => `${t.bucket}/${objectKey(t, key)}`;
