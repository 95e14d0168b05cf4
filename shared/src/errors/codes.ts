/**
 * Every error the suite puts on the wire has one of these stable dotted codes.
 * Clients branch on the code, never on the message. Only platform-api's HTTP
 * error middleware decides which HTTP status a code maps to.
 */
export const ERROR_CODES = [
  'request.invalid',
  'request.too_large',
  'route.not_found',
  'auth.required',
  'auth.invalid_token',
  'auth.forbidden',
  'asset.not_found',
  'asset.not_ready',
  'asset.rendition_missing',
  'token.not_found',
  'job.not_found',
  'watch_folder.not_found',
  'watch_folder.path_invalid',
  'vocabulary.not_found',
  'archive.policy_not_found',
  'archive.not_supported',
  'upload.not_found',
  'upload.failed',
  'upload.truncated',
  'upload.checksum_mismatch',
  'storage.full',
  'storage.key_invalid',
  'storage.not_found',
  'storage.not_implemented',
  'storage.checksum_mismatch',
  'media.probe_failed',
  'media.process_failed',
  'media.tool_missing',
  'media.range_invalid',
  'search.query_invalid',
  'timecode.invalid',
  'ai.unavailable',
  'ai.rate_limited',
  'ai.rejected',
  'ai.bad_response',
  'config.invalid',
  'internal',
  'request.unsupported_media_type',
  'review.not_found',
  'review.destination_not_found',
  'review.conflict',
  'frameio.auth_failed',
  'frameio.rate_limited',
  'frameio.request_failed',
  'frameio.not_found',
  'frameio.upload_url_expired',
  'frameio.upload_failed',
  'webhook.signature_invalid',
  'webhook.stale',
  'webhook.malformed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
