import { AppError } from '@cutaway/shared';

/** The fields the SDK puts on a service error: `name` is S3's error code (NotFound for a bodiless HEAD 404). */
interface ServiceErrorShape {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function s3Code(err: unknown): string | undefined {
  const e = err as ServiceErrorShape | null;
  const code = e?.Code ?? e?.name;
  return typeof code === 'string' ? code : undefined;
}

export function s3Status(err: unknown): number | undefined {
  return (err as ServiceErrorShape | null)?.$metadata?.httpStatusCode;
}

/**
 * A missing key. HEAD has no body, so S3 can only say 404 (NotFound), for a missing bucket too (health()
 * tells those apart). Otherwise NoSuchBucket is deliberately not included: it is a configuration fault. Note that S3 answers 403 rather
 * than 404 for a missing key when the credentials lack s3:ListBucket; grant it.
 */
export function isMissingKey(err: unknown): boolean {
  const code = s3Code(err);
  return code === 'NoSuchKey' || (code === 'NotFound' && s3Status(err) === 404);
}

/**
 * A multipart upload that no longer exists (completed or aborted). AWS says NoSuchUpload; Ceph RGW says
 * NoSuchKey for ListParts of an aborted upload (and NoSuchUpload for a second abort), so both count.
 */
export function isMissingUpload(err: unknown): boolean {
  const code = s3Code(err);
  return code === 'NoSuchUpload' || code === 'NoSuchKey';
}

/** The engine does not implement the call (Ceph RGW: RestoreObject). S3 answers 501 NotImplemented. */
export function isNotImplemented(err: unknown): boolean {
  return s3Code(err) === 'NotImplemented' || s3Status(err) === 501;
}

/**
 * Ceph RGW sends every error with an empty <Message>, so the SDK's message is "UnknownError" (a bodiless HEAD
 * error has no message either). Logs and wrapped errors would then say nothing; name S3's code and status instead.
 */
export function withReadableMessage<T>(err: T): T {
  const e = err as ServiceErrorShape | null;
  if (!e || typeof e !== 'object' || e.$metadata === undefined) return err;
  if (typeof e.message === 'string' && e.message !== '' && e.message !== 'UnknownError') return err;
  const code = s3Code(err);
  e.message = `S3 answered ${code && code !== 'Unknown' ? code : 'an error'} (HTTP ${s3Status(err) ?? '?'}) without a message`;
  return err;
}

export const notFound = (key: string, cause?: unknown): AppError =>
  new AppError('storage.not_found', `No stored object "${key}"`, { key }, { cause });

/** Turns the S3 errors callers can act on into AppErrors; anything else (network, credentials) stays as it is. */
export function toStorageError(err: unknown, key: string): unknown {
  if (err instanceof AppError) return err;
  if (isMissingKey(err)) return notFound(key, err);
  const code = s3Code(err);
  if (code === 'InvalidObjectState') {
    // GetObject or a copy of an object in an archive class (DEEP_ARCHIVE) that has no restored copy.
    return new AppError('asset.not_ready', `Stored object "${key}" is archived; request a restore first`, { key }, { cause: err });
  }
  if (code === 'EntityTooLarge') {
    return new AppError('request.too_large', `Stored object "${key}" is larger than the store accepts`, { key }, { cause: err });
  }
  if (isNotImplemented(err)) {
    return new AppError('storage.not_implemented', `The S3 engine does not implement this call for "${key}" (501 NotImplemented)`, { key, s3Code: code }, { cause: err });
  }
  return withReadableMessage(err);
}
