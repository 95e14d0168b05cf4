import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@cutaway/shared';
import type { ObjectStorage } from '../ports/object-storage';
import { parseRange } from './range';

/** Streams a stored object with Range support, so players and NLEs can seek in proxies. */
export async function sendObject(
  req: Request,
  res: Response,
  storage: ObjectStorage,
  key: string,
  opts: { mime: string; fileName?: string; cacheSeconds?: number },
): Promise<void> {
  const stat = await storage.stat(key);
  if (!stat) throw new AppError('asset.rendition_missing', 'That rendition does not exist (yet)');
  const range = parseRange(req.headers.range, stat.sizeBytes);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', opts.mime);
  res.setHeader('Cache-Control', `private, max-age=${opts.cacheSeconds ?? 0}`);
  if (opts.fileName) res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(opts.fileName)}`);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${stat.sizeBytes}`).end();
    return;
  }
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${stat.sizeBytes}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.setHeader('Content-Length', String(stat.sizeBytes));
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const body = await storage.read(key, range ?? undefined);
  // A client that stops watching closes the socket; that is not an error worth logging.
  await pipeline(body, res).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  });
}
