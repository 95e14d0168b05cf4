import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from 'express';
import { Server, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { AppError, UploadMetadataSchema, type TokenInfo } from '@cutaway/shared';
import type { Logger } from 'pino';
import type { IngestService } from '../../services/ingest-service';
import { roleAllows } from '../../services/token-service';
import { STATUS } from '../error-middleware';

export const TUS_PATH = '/api/v1/uploads';
/** Upload-Metadata key holding the creator's token id; set by the server, whatever the client sent. */
export const OWNER_KEY = 'cutaway_owner';

export interface TusDeps {
  ingest: IngestService;
  directory: string;
  maxSize: number;
  log: Logger;
  /** Origin for Location URLs (CUTAWAY_PUBLIC_URL, default the listen address); a function because the port is known only after listen. */
  publicUrl: () => string;
  /** Unfinished uploads older than this are removed by `expire()`. */
  expiryMs: number;
}

/**
 * Resumable uploads (tus 1.0.0: creation, termination, expiration), so a 20 GB camera
 * file survives a dropped connection: the client HEADs the upload for its offset and
 * PATCHes on from there. Upload-Metadata: `filename` (required), `title`, `description`, `tags`.
 * When the last byte lands the file moves into storage and the response carries
 * `X-Cutaway-Asset-Id` (and `X-Cutaway-Duplicate-Of` when the same bytes were already catalogued).
 * Each upload belongs to the token that created it: only that token (or an admin) may HEAD, PATCH or DELETE it.
 */
export function tusRoutes(deps: TusDeps): { router: Router; expire: () => Promise<number> } {
  const datastore = new FileStore({ directory: deps.directory, expirationPeriodInMilliseconds: deps.expiryMs });
  const tus = new Server({
    path: TUS_PATH,
    datastore,
    maxSize: deps.maxSize,
    respectForwardedHeaders: false,
    exposedHeaders: ['X-Cutaway-Asset-Id', 'X-Cutaway-Duplicate-Of'],
    // Never from the Host header (tus-js-client follows Location, so an echoed Host could redirect the bytes elsewhere).
    generateUrl: (_req, { path, id }) => `${deps.publicUrl()}${path}/${id}`,
    async onUploadCreate(req, upload) {
      const caller = callerOf(req);
      metadataOf(upload);
      return { metadata: { ...upload.metadata, [OWNER_KEY]: caller.id } };
    },
    async onIncomingRequest(req, uploadId) {
      const caller = callerOf(req);
      let upload: Upload;
      try {
        upload = await datastore.getUpload(uploadId);
      } catch {
        return; // unknown id: tus answers 404 itself
      }
      const owner = upload.metadata?.[OWNER_KEY];
      if (owner !== caller.id && !roleAllows(caller.role, 'admin')) {
        throw toTusError(new AppError('auth.forbidden', 'This upload belongs to another token', { uploadId }));
      }
    },
    async onUploadFinish(req, upload) {
      const filePath = join(deps.directory, upload.id);
      try {
        const { asset } = await deps.ingest.ingestFile(
          filePath,
          { fileName: upload.metadata?.filename ?? 'upload', meta: metadataOf(upload), origin: { kind: 'resumable', ref: upload.id } },
          { move: true },
        );
        // The bytes now belong to the asset; the tus bookkeeping file can go.
        await rm(`${filePath}.json`, { force: true });
        const nodeRes = req.runtime?.node?.res as { locals?: Record<string, unknown> } | undefined;
        if (nodeRes?.locals) nodeRes.locals.auditAssetId = asset.id; // for the audit trail
        return { headers: { 'X-Cutaway-Asset-Id': asset.id, ...(asset.duplicateOf ? { 'X-Cutaway-Duplicate-Of': asset.duplicateOf } : {}) } };
      } catch (err) {
        deps.log.error({ err, uploadId: upload.id }, 'resumable upload could not be ingested');
        throw toTusError(err);
      }
    },
    onResponseError(_req, err) {
      return err instanceof AppError ? toTusError(err) : undefined;
    },
  });
  const router = Router();
  router.all([TUS_PATH, `${TUS_PATH}/*rest`], (req, res, next) => {
    tus.handle(req, res).catch(next);
  });
  return { router, expire: () => tus.cleanUpExpiredUploads() };
}

/** The token `authenticate` put on the express request, reached through tus's web Request wrapper. */
function callerOf(req: { runtime?: { node?: { req?: unknown } } }): TokenInfo {
  const caller = (req.runtime?.node?.req as { caller?: TokenInfo } | undefined)?.caller;
  if (!caller) throw toTusError(new AppError('auth.required', 'Not authenticated'));
  return caller;
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
