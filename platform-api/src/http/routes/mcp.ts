import { Router, json, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AppError } from '@cutaway/shared';
import type { TokenService } from '../../services/token-service';
import { createMcpServer, type McpDeps } from '../../mcp/server';
import { bearerToken } from '../auth';

export interface McpRouteDeps extends McpDeps {
  tokens: TokenService;
  log: Logger;
  /** Origins allowed to call /mcp from a browser (the server's own, the console's, CUTAWAY_MCP_ALLOWED_ORIGINS). */
  allowedOrigins: () => readonly string[];
}

const rpcError = (res: Response, status: number, message: string, headers: Record<string, string> = {}) => {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
};

/**
 * Streamable HTTP at /mcp (MCP transports spec): stateless, one server per request, the existing bearer tokens.
 * Servers MUST validate Origin (DNS rebinding): a browser request from an origin not on the list is refused
 * before anything else; requests without Origin (native clients) pass to the token check.
 */
export function mcpRoutes(deps: McpRouteDeps): Router {
  const router = Router();
  router.use('/mcp', (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !deps.allowedOrigins().includes(origin)) return rpcError(res, 403, `Origin ${origin.slice(0, 100)} is not allowed`);
    next();
  });
  router.post('/mcp', json({ limit: '1mb' }), async (req: Request, res: Response) => {
    const secret = bearerToken({ headers: req.headers });
    if (!secret) return rpcError(res, 401, 'Send Authorization: Bearer <token>', { 'WWW-Authenticate': 'Bearer realm="cutaway"' });
    try {
      req.caller = await deps.tokens.authenticate(secret);
    } catch (err) {
      if (err instanceof AppError) return rpcError(res, 401, err.message, { 'WWW-Authenticate': 'Bearer realm="cutaway", error="invalid_token"' });
      throw err;
    }
    // Tool calls are audited one by one by the registry (channel mcp); the HTTP request itself is not a write.
    res.locals.auditSkip = true;
    const server = createMcpServer(deps, req.caller);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close().catch(() => undefined);
      server.close().catch(() => undefined);
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      deps.log.error({ err }, 'MCP request failed');
      if (!res.headersSent) rpcError(res, 500, 'Internal error');
    }
  });
  // Stateless server: no standalone SSE stream and no sessions to delete.
  router.get('/mcp', (_req, res) => rpcError(res, 405, 'Method not allowed', { Allow: 'POST' }));
  router.delete('/mcp', (_req, res) => rpcError(res, 405, 'Method not allowed', { Allow: 'POST' }));
  return router;
}
