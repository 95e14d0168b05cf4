// Test-only (Node built-ins): a real HTTP server with canned replies, recording what arrived. Not exported.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  /** Raw request target, path and query exactly as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
export interface Reply {
  status: number;
  /** Objects are sent as JSON, strings as text/html, undefined as an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}
export type Routes = Record<string, Reply | ((req: Recorded) => Reply)>;

/** Routes are keyed `METHOD /path` (no query); anything else answers 500 so a wrong URL fails loudly. */
export async function startTestServer(routes: Routes = {}) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://test');
      const rec: Recorded = { method: req.method ?? '', url, path: parsed.pathname, query: parsed.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      const route = routes[`${rec.method} ${rec.path}`];
      const reply = typeof route === 'function' ? route(rec) : (route ?? { status: 500, body: { error: { code: 'internal', message: `no route ${rec.method} ${rec.path}` } } });
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const type = typeof reply.body === 'string' ? 'text/html' : 'application/json';
      res.writeHead(reply.status, { ...(text ? { 'content-type': type } : {}), ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const at = '2025-03-01T10:00:00.000Z';

export const assetFixture = (over: Record<string, unknown> = {}) => ({
  id: 'asset_000001', title: 'Flood in Brig', description: 'River over the banks', tags: ['flood', 'valais'],
  type: 'video', status: 'ready', failure: null, fileName: 'brig.mp4', mime: 'video/mp4', sizeBytes: 1024,
  sha256: 'a'.repeat(64), technical: null, renditions: [], storageTier: 'online',
  restore: { state: 'none', requestedAt: null, expiresAt: null, percent: null },
  version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, createdAt: at, updatedAt: at, ...over,
});

export const momentFixture = {
  assetId: 'asset_000001', kind: 'speech', startMs: 1000, endMs: 4000, timecodeIn: '00:00:01:00', timecodeOut: '00:00:04:00',
  text: 'the river rose', highlighted: 'the <mark>river</mark> rose', score: 1.5, confidence: 0.9, thumbnailUrl: null,
};

export const jobFixture = {
  id: 'job_000001', name: 'media.ingest', assetId: 'asset_000001', status: 'running', priority: 50, attempts: 1,
  maxAttempts: 5, percent: 40, stage: 'proxy', error: null, runAt: at, createdAt: at, updatedAt: at,
};

export const tokenFixture = { id: 'tok_000001', name: 'panel', role: 'editor', createdAt: at, lastUsedAt: null, revokedAt: null };

export const watchFolderFixture = {
  id: 'wf_0000001', path: '/media/in', recursive: false, settleMs: 2000, moveToPath: null, tags: ['wire'], enabled: true, createdAt: at,
};

export const wireError = (code: string, message: string, details?: unknown) => ({ error: { code, message, details } });
