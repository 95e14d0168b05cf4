import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from 'express';
import { Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { AppError, UploadMetadataSchema } from '@cutaway/shared';
import type { Logger } from 'pino';
import type { IngestService } from '../../services/ingest-service';
import { STATUS } from '../error-middleware';

export const TUS_PATH = '/api/v1/uploads';

/**
 * Resumable uploads (tus 1.0.0: creation, termination, expiration), so a 20 GB camera
 * file survives a dropped connection: the client HEADs the upload for its offset and
 * PATCHes on from there. Upload-Metadata: `filename` (required), `title`, `description`, `tags`.
 * When the last byte lands the file moves into storage and the response carries
 * `X-Cutaway-Asset-Id`.
 */
export function tusRoutes(deps: { ingest: IngestService; directory: string; maxSize: number; log: Logger }): Router {
  const tus = new Server({
    path: TUS_PATH,
    datastore: new FileStore({ directory: deps.directory, expirationPeriodInMilliseconds: 7 * 24 * 3600 * 1000 }),
    maxSize: deps.maxSize,
    respectForwardedHeaders: false,
    exposedHeaders: ['X-Cutaway-Asset-Id'],
    async onUploadCreate(_req, upload) {
      metadataOf(upload);
      return {};
    },
    async onUploadFinish(_req, upload) {
      const filePath = join(deps.directory, upload.id);
      try {
        const { asset } = await deps.ingest.ingestFile(
          filePath,
          { fileName: upload.metadata?.filename ?? 'upload', meta: metadataOf(upload), origin: { kind: 'resumable', ref: upload.id } },
          { move: true },
        );
        // The bytes now belong to the asset; the tus bookkeeping file can go.
        await rm(`${filePath}.json`, { force: true });
        return { headers: { 'X-Cutaway-Asset-Id': asset.id } };
      } catch (err) {
        deps.log.error({ err, uploadId: upload.id }, 'resumable upload could not be ingested');
        throw toTusError(err);
      }
    },
    onResponseError(_req, err) {
      return err instanceof AppError ? toTusError(err) : undefined;
    },
  });
  const r = Router();
  r.all([TUS_PATH, `${TUS_PATH}/*rest`], (req, res) => {
    void tus.handle(req, res);
  });
  return r;
}

function metadataOf(upload: Upload) {
  const m = upload.metadata ?? {};
  if (!m.filename) throw toTusError(new AppError('request.invalid', 'Upload-Metadata needs `filename`'));
  const parsed = UploadMetadataSchema.safeParse({ title: m.title ?? undefined, description: m.description ?? undefined, tags: m.tags ?? undefined });
  if (!parsed.success) throw toTusError(new AppError('request.invalid', 'Invalid Upload-Metadata', parsed.error.issues));
  return parsed.data;
}

function toTusError(err: unknown): { status_code: number; body: string } {
  const e = err instanceof AppError ? err : new AppError('upload.failed', 'Upload could not be completed');
  return { status_code: STATUS[e.code], body: JSON.stringify(e.toWire()) };
}
