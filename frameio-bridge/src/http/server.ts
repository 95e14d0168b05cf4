import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import type { UserOAuth } from '../auth/ims';
import { sendError, sendJson } from './errors';

export interface ServerDeps {
  webhook: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  health: () => Record<string, unknown>;
  oauth: UserOAuth | null;
  log: Logger;
}

/** The bridge's HTTP edge: webhooks, the OAuth sign-in and a health probe. Nothing else is exposed. */
export function createBridgeServer(d: ServerDeps): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const route = `${req.method} ${url.pathname}`;
    const run = async () => {
      if (route === 'POST /webhooks/frameio') return d.webhook(req, res);
      if (route === 'GET /health') return sendJson(res, 200, d.health());
      if (route === 'GET /oauth/start' && d.oauth) {
        res.writeHead(302, { location: d.oauth.authorizeUrl() });
        return res.end();
      }
      if (route === 'GET /oauth/callback' && d.oauth) {
        const code = url.searchParams.get('code');
        const state = url.searchParams.get('state');
        if (!code || !state) throw new AppError('frameio.auth_failed', url.searchParams.get('error') ?? 'Missing code or state');
        await d.oauth.completeAuthorization(code, state);
        return sendJson(res, 200, { ok: true, message: 'Signed in to Frame.io; the bridge keeps the refresh token encrypted.' });
      }
      throw new AppError('route.not_found', `No route ${route}`);
    };
    run().catch((err: unknown) => {
      if (!(err instanceof AppError)) d.log.error({ err }, 'request failed');
      if (!res.headersSent) sendError(res, err);
    });
  });
}
