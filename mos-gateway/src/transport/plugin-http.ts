import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Logger } from 'pino';
import { bind } from './listener';

/**
 * Serves the HTML5 MOS plug-in (MOS 2.8.5 §5.1) and a read-only proxy to platform-api for it, so the
 * journalist's browser never holds a platform-api token: `/plugin/` = the page, `/plugin/api/v1/…` =
 * the allowed GETs, forwarded with the gateway's token. CORS is open (§5.1 asks vendors for it).
 */
const ALLOWED = [/^\/search$/, /^\/assets\/[^/]+$/, /^\/assets\/[^/]+\/(moments|links|proxy|thumbnail|poster|sprite)$/, /^\/live\/channels(\/[^/]+(\/clips(\/[^/]+)?)?)?$/];
/** The live cue actions (Mark in / Mark out, live-cue/): the only writes the plug-in may make. */
const ALLOWED_POST = [/^\/live\/channels\/[^/]+\/clips$/, /^\/live\/channels\/[^/]+\/clips\/[^/]+\/stop$/, /^\/live\/channels\/[^/]+\/cue-out$/];
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

export async function startPluginServer(o: { host: string; port: number; root: string; apiUrl: string; apiToken: string; mosId: string; log: Logger }): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const api = new URL(o.apiUrl);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log.error({ err }, 'plug-in request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') return void res.writeHead(204, { 'Access-Control-Allow-Headers': 'Range, Authorization, Content-Type' }).end();
    const post = req.method === 'POST' && url.pathname.startsWith('/plugin/api/v1/') && ALLOWED_POST.some((r) => r.test(url.pathname.slice('/plugin/api/v1'.length)));
    if (req.method !== 'GET' && req.method !== 'HEAD' && !post) return void res.writeHead(405).end();
    if (url.pathname === '/plugin/config.json') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mosId: o.mosId }));
    }
    if (url.pathname.startsWith('/plugin/api/v1/')) {
      const rest = url.pathname.slice('/plugin/api/v1'.length);
      if (!post && !ALLOWED.some((r) => r.test(rest))) return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'route.not_found', message: 'Not available to the plug-in' } }));
      const target = new URL(`${api.pathname.replace(/\/$/, '')}/api/v1${rest}${url.search}`, api);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const up = send(target, { method: req.method, headers: { authorization: `Bearer ${o.apiToken}`, ...(req.headers.range ? { range: req.headers.range } : {}), ...(post ? { 'content-type': 'application/json' } : {}), accept: req.headers.accept ?? '*/*' } }, (upRes) => {
        const headers: Record<string, string | string[]> = {};
        for (const h of ['content-type', 'content-length', 'content-range', 'accept-ranges', 'cache-control']) if (upRes.headers[h]) headers[h] = upRes.headers[h]!;
        res.writeHead(upRes.statusCode ?? 502, headers);
        upRes.pipe(res);
      });
      up.on('error', (err) => {
        o.log.warn({ err: err.message }, 'platform-api unreachable from the plug-in proxy');
        if (!res.headersSent) res.writeHead(502).end();
      });
      if (post) {
        // A request's 'close' comes once its body is read: for a POST, stop only if the caller went away.
        res.on('close', () => !res.writableFinished && up.destroy());
        return void req.pipe(up);
      }
      req.on('close', () => up.destroy());
      return void up.end();
    }
    if (url.pathname === '/plugin' ) return void res.writeHead(301, { location: `/plugin/${url.search}` }).end();
    if (!url.pathname.startsWith('/plugin/')) return void res.writeHead(404).end();
    // Static files of the built page; never outside the root.
    const rel = normalize(decodeURIComponent(url.pathname.slice('/plugin/'.length)) || 'index.html');
    if (rel.startsWith('..') || rel.includes('\0')) return void res.writeHead(400).end();
    const file = join(o.root, rel);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': st.size, 'cache-control': rel === 'index.html' ? 'no-cache' : 'max-age=3600' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  await bind(server, o.port, o.host);
  return { server, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }) };
}
