import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, MediaLinksQuerySchema } from '@cutaway/shared';
import type { ObjectStorage } from '../../ports/object-storage';
import type { AssetService } from '../../services/asset-service';
import { originalReadable, SIGNED_KINDS, type MediaLinkService } from '../../services/media-links';
import type { RenditionService } from '../../services/rendition-service';
import type { SignedUrlService } from '../../services/signed-urls';
import { sendObject } from '../send-object';
import { parse } from '../validate';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by signedGate: the path a signed URL grants (under /api/v1). */
    signedPath?: string;
  }
}

/**
 * Mounted at /api/v1/s: checks `/<token>/<path>` with the signer, then hands `/<path>` to the routers
 * behind it. Only GET/HEAD: a signed URL is a read grant, never a write one.
 */
export function signedGate(signer: SignedUrlService): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      // Browsers hosting an NRCS plug-in fetch previews cross-origin (MOS 2.8.5 §5.1 asks vendors for CORS).
      res.setHeader('Access-Control-Allow-Origin', '*').setHeader('Access-Control-Allow-Headers', 'Range').status(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return next(new AppError('route.not_found', 'Signed URLs are read-only'));
    const m = /^\/([^/]+)(\/[^?]*)(\?.*)?$/.exec(req.url);
    if (!m) return next(new AppError('url.signature_invalid', 'This link is not valid'));
    try {
      req.signedPath = signer.verify(m[1]!, m[2]!).path;
    } catch (err) {
      return next(err);
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range');
    req.url = m[2]! + (m[3] ?? '');
    next();
  };
}

const FileParams = z.object({ id: z.string().min(1).max(64), kind: z.enum(SIGNED_KINDS), name: z.string().min(1).max(300) });

/** Asset files behind signed URLs: `/assets/:id/{original|proxy|thumbnail}/<file name>`. */
export function signedAssetRoutes(deps: { assets: AssetService; renditions: RenditionService; storage: ObjectStorage; links: MediaLinkService }): Router {
  const r = Router();
  r.get('/assets/:id/:kind/:name', async (req, res) => {
    const { id, kind, name } = parse(FileParams, req.params, 'params');
    const asset = await deps.assets.get(id);
    // The name is part of what was signed; it must still be the asset's current one (a re-ingest may rename).
    if (deps.links.fileName(asset, kind) !== name) throw new AppError('asset.rendition_missing', `Asset ${id} has no ${kind} named ${name}`);
    if (kind === 'thumbnail') {
      const kinds = asset.renditions.map((x) => x.kind);
      const key = kinds.includes('poster') ? deps.renditions.resolve(asset, 'poster').key : kinds.includes('preview') ? deps.renditions.resolve(asset, 'preview').key : deps.renditions.thumbnailKey(asset, 0);
      await sendObject(req, res, deps.storage, key, { mime: 'image/jpeg', cacheSeconds: 3600 });
      return;
    }
    if (kind === 'original' && !originalReadable(asset)) throw new AppError('asset.not_ready', `Asset ${id} is archived; request a restore first`, { id });
    const found = deps.renditions.resolve(asset, kind);
    await sendObject(req, res, deps.storage, found.key, { mime: found.mime, ...(kind === 'original' ? { fileName: found.fileName } : { cacheSeconds: 3600 }) });
  });
  return r;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** `GET /assets/:id/links`: the signed links, built on the public URL the caller reached us by. */
export function mediaLinkRoutes(deps: { links: MediaLinkService; publicUrl: string | undefined }): Router {
  const r = Router();
  r.get('/assets/:id/links', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const { ttlSeconds } = parse(MediaLinksQuerySchema, req.query, 'query');
    const origin = deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res.json(await deps.links.links(id, `${origin.replace(/\/$/, '')}/api/v1`, ttlSeconds));
  });
  return r;
}
