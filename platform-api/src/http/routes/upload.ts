import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { Router } from 'express';
import busboy from 'busboy';
import { AppError, UploadMetadataSchema, type UploadedAsset } from '@cutaway/shared';
import type { IngestService, StagedOriginal } from '../../services/ingest-service';
import { parse } from '../validate';

/**
 * `POST /assets` multipart: field `file` plus optional `title`, `description`, `tags` (comma-separated).
 * The file streams straight into storage (hashed on the way); fields may come before or after it,
 * so the asset is catalogued only when the whole form has arrived.
 */
export function uploadRoutes(ingest: IngestService): Router {
  const r = Router();
  r.post('/assets', async (req, res) => {
    const asset = await receive(req, ingest);
    res.locals.auditAssetId = asset.id;
    res.status(201).location(`/api/v1/assets/${asset.id}`).json(asset);
  });
  return r;
}

function parser(req: Request): busboy.Busboy {
  try {
    // RFC 7578 §4.2: file names are UTF-8 in practice (browsers, curl); busboy's default reads them as latin1.
    return busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 } });
  } catch (err) {
    // busboy throws synchronously on a missing boundary or an unsupported content type.
    throw new AppError('request.invalid', `Malformed multipart request: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
  }
}

function receive(req: Request, ingest: IngestService): Promise<UploadedAsset> {
  if (!req.headers['content-type']?.startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('request.invalid', 'Send multipart/form-data with a `file` field'));
  }
  let bb: busboy.Busboy;
  try {
    bb = parser(req);
  } catch (err) {
    req.resume();
    return Promise.reject(err);
  }
  return new Promise<UploadedAsset>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let staged: Promise<StagedOriginal> | null = null;
    // Cuts the file pipeline short when the request fails: storage then sees its source end early and drops the partial.
    const abortFile = new AbortController();
    let fileName = 'upload';
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // drain, so the error response can still be written
      abortFile.abort(err);
      // Whatever was stored of this request goes: nothing half-written stays behind.
      void staged?.then((s) => ingest.discard(s), () => undefined).catch(() => undefined);
      reject(err);
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || staged) {
        stream.resume();
        return fail(new AppError('request.invalid', name === 'file' ? 'Send exactly one file' : `Unexpected file field "${name}"; use "file"`));
      }
      fileName = info.filename || fileName;
      // The storage adapter reads `body`, which only we feed. pipeline() attaches error handlers to both streams
      // at once, so busboy's file stream failing (or being aborted) before storage starts reading can never
      // surface as an unhandled 'error' event (the crash of issue 7): storage just sees `body` end early.
      const body = new PassThrough();
      pipeline(stream, body, { signal: abortFile.signal }).catch(() => undefined);
      staged = ingest.storeOriginal(body);
      staged.catch(fail);
    });
    bb.on('filesLimit', () => fail(new AppError('request.invalid', 'Send exactly one file')));
    bb.on('partsLimit', () => fail(new AppError('request.invalid', 'Too many parts')));
    bb.on('fieldsLimit', () => fail(new AppError('request.invalid', 'Too many fields')));
    bb.on('error', (err: Error) => {
      // "Unexpected end of form": the body stopped before the closing boundary; anything else is a malformed part.
      const code = /unexpected end/i.test(err.message) ? 'upload.truncated' : 'request.invalid';
      fail(new AppError(code, `Malformed or incomplete multipart body: ${err.message}`, undefined, { cause: err }));
    });
    bb.on('close', () => {
      if (settled) return;
      if (!staged) return fail(new AppError('request.invalid', 'Missing the `file` field', [{ path: 'body.file', message: 'required' }]));
      let meta;
      try {
        meta = parse(UploadMetadataSchema, { title: fields.title || undefined, description: fields.description, tags: fields.tags || undefined }, 'body');
      } catch (err) {
        return fail(err);
      }
      staged
        .then((s) => ingest.catalogue(s, { fileName, meta, origin: { kind: 'upload', ref: null } }))
        .then((asset) => {
          settled = true;
          resolve(asset);
        }, fail);
    });
    req.on('error', (err) => fail(new AppError('upload.truncated', `Upload incomplete: ${err.message}`, undefined, { cause: err })));
    req.on('close', () => {
      if (!req.complete) fail(new AppError('upload.truncated', 'The client hung up mid-upload'));
    });
    req.pipe(bb);
  });
}
