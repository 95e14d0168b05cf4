import type { RequestHandler } from 'express';

/**
 * Headers on every response (issue 7 "Access"), fit for the React console platform-api will serve at `/`:
 * - nosniff: an uploaded file served back is never re-interpreted as HTML or script by the browser.
 * - CSP (W3C CSP Level 3): scripts, styles and fetches from this origin only; images and media also from
 *   blob:/data: (thumbnails, sprite crops, object URLs); ws:/wss: for the event stream; inline styles because
 *   React style props and UXP-safe CSS-in-JS need them. `frame-ancestors` is configurable because the MOS
 *   plug-in page is framed by the NRCS client (iNews/ENPS), which is not this origin.
 * - Referrer-Policy no-referrer: GETs may carry `?token=` (UXP and <video> cannot send headers); a Referer
 *   header must never carry it to another site.
 */
export function securityHeaders(frameAncestors: string): RequestHandler {
  const csp = [
    "default-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "connect-src 'self' ws: wss:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}
