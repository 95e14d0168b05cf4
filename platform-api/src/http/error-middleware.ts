import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '@cutaway/shared';
import { frameworkError } from './framework-errors';

/** The one place error codes become HTTP statuses (docs/architecture.md "Errors"). */
export const STATUS: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.too_large': 413,
  'route.not_found': 404,
  'auth.required': 401,
  'auth.invalid_token': 401,
  'auth.forbidden': 403,
  'asset.not_found': 404,
  'asset.not_ready': 409,
  'asset.rendition_missing': 404,
  'token.not_found': 404,
  'job.not_found': 404,
  'watch_folder.not_found': 404,
  'watch_folder.path_invalid': 400,
  'vocabulary.not_found': 404,
  'person.not_found': 404,
  'face.not_found': 404,
  'faces.disabled': 409,
  'archive.policy_not_found': 404,
  // The storage engine cannot do this (an S3 engine without Glacier restores): the caller asked for the impossible.
  'archive.not_supported': 409,
  'upload.not_found': 404,
  'upload.failed': 400,
  'upload.truncated': 400,
  'upload.checksum_mismatch': 460,
  'storage.full': 507,
  'storage.key_invalid': 400,
  'storage.not_found': 404,
  // The storage engine lacks the call (Ceph RGW has no RestoreObject): the server cannot do it, the request was fine.
  'storage.not_implemented': 501,
  // A copy between tiers did not match the ingest checksum: the server's storage is at fault, the original is kept.
  'storage.checksum_mismatch': 500,
  'media.probe_failed': 422,
  'media.process_failed': 500,
  'media.tool_missing': 503,
  'media.range_invalid': 416,
  'search.query_invalid': 400,
  'timecode.invalid': 400,
  // An AI provider failed us, not the caller: gateway statuses (503 = try later, 502 = upstream answered wrongly).
  'ai.unavailable': 503,
  'ai.rate_limited': 503,
  'ai.rejected': 502,
  'ai.bad_response': 502,
  'config.invalid': 500,
  // Signed media URLs (MOS objPaths, HLS): 403 = not ours or tampered, 410 = was valid, ask again.
  'url.signature_invalid': 403,
  'url.expired': 410,
  'rundown.not_found': 404,
  'rundown.invalid': 400,
  'asset.not_placeholder': 409,
  // mos.* codes travel as MOS NACK/roAck texts; statuses only matter if one ever reaches HTTP.
  'mos.parse_failed': 400,
  'mos.message_unknown': 400,
  'mos.too_large': 413,
  'mos.encoding_invalid': 400,
  'mos.ro_not_found': 404,
  'mos.id_mismatch': 400,
  'mos.timeout': 504,
  'mos.not_connected': 503,
  internal: 500,
  'request.unsupported_media_type': 415,
  'live.channel_not_found': 404,
  'live.clip_not_found': 404,
  'live.range_invalid': 400,
  'live.out_of_buffer': 400,
  'live.clip_closed': 409,
  'live.channel_stopped': 409,
  'live.recording_not_found': 404,
  'live.recording_invalid': 400,
  'frame.out_of_range': 416,
  'frame.no_picture': 422,
  'review.not_found': 404,
  'review.destination_not_found': 404,
  'review.conflict': 409,
  'delivery.profile_not_found': 404,
  'delivery.selection_not_found': 404,
  'delivery.render_not_found': 404,
  'delivery.render_not_ready': 409,
  'delivery.destination_not_found': 404,
  'delivery.watermark_not_found': 404,
  'delivery.approval_not_found': 404,
  'delivery.approval_invalid': 409,
  'delivery.approval_declined': 409,
  'delivery.failed': 502,
  'delivery.not_found': 404,
  // Frame.io and its webhooks: the bridge's own HTTP edge uses the same table.
  'frameio.auth_failed': 502,
  'frameio.rate_limited': 503,
  'frameio.request_failed': 502,
  'frameio.not_found': 404,
  'frameio.upload_url_expired': 502,
  'frameio.upload_failed': 502,
  'webhook.signature_invalid': 401,
  'webhook.stale': 401,
  'webhook.malformed': 400,
  'tool.not_found': 404,
  'tool.handle_not_found': 404,
  'tool.result_too_large': 500,
  'assistant.unavailable': 503,
  'assistant.budget_exceeded': 429,
  'prompt.not_found': 404,
};

/** zod issues as a field list clients can show next to the inputs. */
export function zodToAppError(err: ZodError, where: string): AppError {
  const fields = err.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  return new AppError('request.invalid', `Invalid ${where}: ${fields.map((f) => f.path).join(', ')}`, fields);
}

export const errorMiddleware =
  (log: Logger): ErrorRequestHandler =>
  (err, req, res, _next) => {
    let e: unknown = err;
    if (e instanceof ZodError) e = zodToAppError(e, 'request');
    if (!(e instanceof AppError)) e = frameworkError(e) ?? e;
    if (!(e instanceof AppError)) {
      log.error({ err, requestId: req.headers['x-request-id'] }, 'unhandled error');
      e = new AppError('internal', 'Internal error');
    }
    const appError = e as AppError;
    if (STATUS[appError.code] >= 500) log.error({ err, code: appError.code }, appError.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(STATUS[appError.code]).json(appError.toWire());
  };
