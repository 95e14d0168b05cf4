import type { RequestHandler } from 'express';

/** Headers a panel or the console sends beyond the CORS-safelisted ones (tus needs its own). */
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id, Range, Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, Upload-Defer-Length, Upload-Concat';
/** Response headers scripts may read: the cut's real bounds, ranges, tus state. */
const EXPOSE_HEADERS = 'X-Cutaway-In-Ms, X-Cutaway-Out-Ms, X-Cutaway-Requested-In-Ms, X-Cutaway-Requested-Out-Ms, X-Request-Id, Content-Range, Content-Length, Content-Disposition, Location, Upload-Offset, Upload-Length, Tus-Resumable';

/**
 * CORS for exactly the configured origins (Fetch standard, "CORS protocol"). Nothing is allowed by default;
 * an unknown origin gets no CORS headers at all, so the browser blocks the response. The console at `/` is
 * same-origin and needs none. Bearer tokens, not cookies, so credentials stay off.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.append('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
