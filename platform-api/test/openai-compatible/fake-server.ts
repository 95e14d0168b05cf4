import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import busboy from 'busboy';

/** A request as the fake server saw it (body fully read). */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  /** API root with the version prefix, as clients are configured: http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0; `handler` answers (or deliberately never does). */
export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(parts), at: Date.now() };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch((e: unknown) => {
        if (!res.headersSent) json(res, 500, { error: { message: `fake server bug: ${String(e)}`, type: 'server_error' } });
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        // Hanging requests (the timeout test) would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** OpenAI's error body shape. */
export function apiError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', param: null, code: null } }, headers);
}

export interface Multipart {
  fields: Record<string, string[]>;
  files: Array<{ field: string; filename: string; mimeType: string; data: Buffer }>;
}

/** Parses a multipart/form-data body with busboy, independently of how the client built it. */
export function parseMultipart(req: SeenRequest): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    const out: Multipart = { fields: {}, files: [] };
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => (out.fields[name] ??= []).push(value));
    bb.on('file', (field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => out.files.push({ field, filename: info.filename ?? '', mimeType: info.mimeType, data: Buffer.concat(parts) }));
    });
    bb.on('close', () => resolve(out));
    bb.on('error', reject);
    Readable.from([req.body]).pipe(bb);
  });
}
