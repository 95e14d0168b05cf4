import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AuditService } from '../services/audit-service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Path segments that are ids (generated ids, tus upload ids) become `:id`, so actions group by route. */
const ID_SEGMENT = /^[a-z0-9][a-z0-9_-]{5,63}$/i;
const ASSET_IN_PATH = /^\/api\/v1\/assets\/([^/?]+)/;

/** `PATCH /api/v1/assets/:id`: the matched route when express knows it, else the path with ids folded. */
function actionOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  // Every router is mounted under /api/v1; after an error express has already reset req.baseUrl, so do not rely on it.
  if (typeof route === 'string') return `${req.method} ${route.startsWith('/api/v1') ? '' : '/api/v1'}${route}`;
  const path = req.originalUrl.split('?')[0] ?? '';
  const folded = path.split('/').map((s, i) => (i > 3 && ID_SEGMENT.test(s) && /\d/.test(s) ? ':id' : s)).join('/');
  return `${req.method} ${folded.slice(0, 150)}`;
}

/**
 * Records every authenticated write once its answer has gone out (issue 7 "Access": who, what, which asset,
 * from where, when), failed ones included: a refused attempt is part of the story. Reads are not writes.
 * The record goes through AuditService, the same one the MCP server and the assistant use. A failed audit
 * write is logged; it cannot undo the write it describes.
 */
export function auditTrail(audit: AuditService, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    res.once('finish', () => {
      const caller = req.caller;
      if (!caller) return; // unauthenticated: nothing was written, and nobody to name
      if (res.locals.auditSkip === true) return; // a route that knows it wrote nothing (an empty job poll)
      // Routes that create an asset (multipart, the last tus PATCH) leave its id in res.locals.
      const created: unknown = res.locals.auditAssetId;
      const assetId = ASSET_IN_PATH.exec(req.originalUrl)?.[1] ?? (typeof created === 'string' ? created : null);
      audit
        .record({
          actor: caller,
          channel: 'http',
          action: actionOf(req),
          assetId: assetId ? safeDecode(assetId) : null,
          remoteAddress: req.socket.remoteAddress ?? null,
          status: res.statusCode,
          details: { requestId: String(req.headers['x-request-id'] ?? '') },
        })
        .catch((err: unknown) => log.error({ err, requestId: req.headers['x-request-id'] }, 'audit record could not be written'));
    });
    next();
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
