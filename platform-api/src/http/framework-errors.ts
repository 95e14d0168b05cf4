import { AppError } from '@cutaway/shared';

/**
 * Errors thrown by the HTTP framework itself rather than by our code: body-parser (malformed JSON, too large,
 * unknown charset — `type` + `status`), the router's URIError for a path like `/assets/%ff` (`status` 400),
 * and anything else carrying a 4xx `status`/`statusCode` (http-errors convention). They are the caller's
 * fault, so they map to a 4xx AppError instead of falling through to 500. Returns null for anything else.
 */
export function frameworkError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : 'Bad request';
  if (e.type === 'entity.parse.failed') return new AppError('request.invalid', `Malformed JSON: ${message}`, undefined, { cause: err });
  if (e.type === 'entity.too.large') return new AppError('request.too_large', 'Request body too large', undefined, { cause: err });
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (err instanceof URIError) return new AppError('request.invalid', 'The path is not valid percent-encoding', undefined, { cause: err });
  if (status === null || status < 400 || status > 499) return null;
  if (status === 413) return new AppError('request.too_large', message, undefined, { cause: err });
  if (status === 415) return new AppError('request.unsupported_media_type', message, undefined, { cause: err });
  return new AppError('request.invalid', message, undefined, { cause: err });
}
