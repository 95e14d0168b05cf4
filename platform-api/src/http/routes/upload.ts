import type { Request } from 'express';
import { Router } from 'express';
import busboy from 'busboy';
import { AppError, UploadMetadataSchema, type Asset } from '@cutaway/shared';
import type { IngestService, IngestSource, StagedOriginal } from '../../services/ingest-service';
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
    res.status(201).location(`/api/v1/assets/${asset.id}`).json(asset);
  });
  return r;
}

/** What to do with a fully received form: catalogue it as a new asset (default) or as something else (a version). */
export type Catalogue = (staged: StagedOriginal, source: IngestSource, fields: Record<string, string>) => Promise<Asset>;

export function receive(req: Request, ingest: IngestService, catalogue?: Catalogue): Promise<Asset> {
  if (!req.headers['content-type']?.startsWith('multipart/form-data')) {
    return Promise.reject(new AppError('request.invalid', 'Send multipart/form-data with a `file` field'));
  }
  return new Promise<Asset>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let staged: Promise<StagedOriginal> | null = null;
    let file: NodeJS.ReadableStream & { destroy(err?: Error): void } | null = null;
    let fileName = 'upload';
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // drain, so the error response can still be written
      // busboy does not end the file stream when the client vanishes: end it, so storage drops the partial.
      file?.destroy(err instanceof Error ? err : new Error(String(err)));
      // Whatever was stored of this request goes: nothing half-written stays behind.
      void staged?.then((s) => ingest.discard(s), () => undefined);
      reject(err);
    };
    const bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 } });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(new AppError('request.invalid', `Unexpected file field "${name}"; use "file"`));
      }
      fileName = info.filename || fileName;
      file = stream;
      staged = ingest.storeOriginal(stream);
      staged.catch(fail);
    });
    bb.on('filesLimit', () => fail(new AppError('request.invalid', 'Send exactly one file')));
    bb.on('error', (err: Error) => fail(new AppError('upload.truncated', `Upload incomplete: ${err.message}`, undefined, { cause: err })));
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
        .then((s) => (catalogue ? catalogue(s, { fileName, meta, origin: { kind: 'upload', ref: null } }, fields) : ingest.catalogue(s, { fileName, meta, origin: { kind: 'upload', ref: null } })))
        .then((asset) => {
          settled = true;
          resolve(asset);
        }, fail);
    });
    req.on('close', () => {
      if (!req.complete) fail(new AppError('upload.truncated', 'The client hung up mid-upload'));
    });
    req.pipe(bb);
  });
}
