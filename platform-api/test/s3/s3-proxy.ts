import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A pass-through HTTP proxy on 127.0.0.1 in front of the real S3 engine, so tests can see which S3 calls the
 * adapter made and make one of them fail, as S3 fails (an XML error body). Everything else reaches the engine
 * unchanged: the Host header is kept, so SigV4 signatures made for the proxy's address verify on the engine.
 */

/** The S3 operation of a path-style request, from the method, the query and the copy-source header. */
export function operationOf(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams;
  const isObject = url.pathname.split('/').filter(Boolean).length > 1;
  const m = req.method;
  if (m === 'PUT' && q.has('uploadId')) return 'UploadPart';
  if (m === 'PUT' && req.headers['x-amz-copy-source']) return 'CopyObject';
  if (m === 'PUT') return isObject ? 'PutObject' : 'CreateBucket';
  if (m === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (m === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (m === 'POST' && q.has('delete')) return 'DeleteObjects';
  if (m === 'POST' && q.has('restore')) return 'RestoreObject';
  if (m === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (m === 'DELETE') return isObject ? 'DeleteObject' : 'DeleteBucket';
  if (m === 'GET' && q.has('uploadId')) return 'ListParts';
  if (m === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
  if (m === 'GET' && !isObject) return 'ListObjects';
  if (m === 'HEAD') return isObject ? 'HeadObject' : 'HeadBucket';
  return 'GetObject';
}

export interface S3Proxy {
  endpoint: string;
  /** "<METHOD> <operation>" of every request, in order. */
  requests: string[];
  /** Bytes of UploadPart requests the engine acknowledged so far. */
  partBytesStored(): number;
  /** The next request for `operation` is answered 403 AccessDenied with an empty message, as RGW words its errors (the SDK does not retry a 403). */
  failNext(operation: string): void;
  close(): Promise<void>;
}

export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const requests: string[] = [];
  const failing = new Set<string>();
  let partBytes = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, op: string): void => {
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        if (op === 'UploadPart' && answer.statusCode === 200) partBytes += Number(req.headers['content-length'] ?? 0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    out.on('error', () => res.destroy());
    req.on('error', () => out.destroy());
    res.on('close', () => {
      if (!res.writableFinished) out.destroy(); // the client went away: so does the request to the engine
    });
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const op = operationOf(req);
    requests.push(`${req.method} ${op}`);
    if (failing.delete(op)) {
      req.resume().on('end', () => {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message></Message><RequestId>proxy</RequestId></Error>');
      });
      return;
    }
    forward(req, res, op);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    partBytesStored: () => partBytes,
    failNext: (operation) => void failing.add(operation),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      agent.destroy();
    },
  };
}
