import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '@cutaway/shared';
import type { PlannedPart } from './part-plan';

/**
 * PUTs one part's exact bytes to its presigned S3 URL (docs/frameio.md §1.4): Content-Type = the
 * media_type Frame.io returned, x-amz-acl: private, Content-Length = the part size, and no Bearer
 * header (the URL carries the signature). Streams from disk: a 1 GB file never sits in memory.
 * Resolves with the HTTP status; rejects only when no response arrived.
 */
export function putPart(path: string, part: PlannedPart, mediaType: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(part.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'PUT',
      headers: { 'content-type': mediaType, 'x-amz-acl': 'private', 'content-length': String(part.size) },
      signal,
    });
    const source = part.size > 0 ? createReadStream(path, { start: part.offset, end: part.offset + part.size - 1, highWaterMark: 1024 * 1024 }) : null;
    const fail = (err: unknown) => {
      source?.destroy();
      req.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    source?.once('error', fail);
    req.once('error', fail);
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
      res.once('error', fail);
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
    });
    if (source) source.pipe(req);
    else req.end();
  });
}

export class UrlExpiredError extends AppError {
  constructor(part: number) {
    super('frameio.upload_url_expired', `Upload URL of part ${part} was refused (expired presigned URL)`, { part });
  }
}
