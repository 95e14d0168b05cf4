import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/**
 * The CSP the console is built to run under (no inline script, no eval; media and images from the API
 * itself or blob:/data:). Set here on the page too, so the console is protected even where no global
 * security-headers middleware runs.
 */
export const CONSOLE_CSP = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: data:; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/** Serves the built browser console at `/`; hashed assets are immutable, the page is never cached. */
export function consoleRoutes(dir: string | null): Router {
  const r = Router();
  const index = dir ? join(dir, 'index.html') : null;
  r.get('/', (_req, res) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    if (index && existsSync(index)) return res.sendFile(index);
    res.status(503).type('text/plain').send('The console is not built. Run `npm run build` (or start with CUTAWAY_CONSOLE=auto from a source checkout).\n');
  });
  if (dir) r.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  return r;
}
