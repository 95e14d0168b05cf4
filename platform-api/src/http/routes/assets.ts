import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { AssetListQuerySchema, AssetPatchSchema, MomentListQuerySchema } from '@cutaway/shared';
import type { AssetService } from '../../services/asset-service';
import type { RenditionService } from '../../services/rendition-service';
import type { ObjectStorage } from '../../ports/object-storage';
import type { AssetUsageService } from '../../services/archive/usage-service';
import type { Logger } from 'pino';
import { sendObject } from '../send-object';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ThumbQuery = z.object({ atMs: z.coerce.number().int().nonnegative().default(0) });
const MediaQuery = z
  .object({
    rendition: z.enum(['original', 'proxy']).default('original'),
    inMs: z.coerce.number().int().nonnegative().optional(),
    outMs: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => (q.inMs === undefined) === (q.outMs === undefined), 'inMs and outMs go together');

export function assetRoutes(deps: { assets: AssetService; renditions: RenditionService; storage: ObjectStorage; usage: AssetUsageService; log: Logger }): Router {
  const r = Router();
  const { assets, renditions, storage } = deps;

  r.get('/assets', async (req, res) => {
    res.json(await assets.list(parse(AssetListQuerySchema, req.query, 'query')));
  });
  r.get('/assets/:id', async (req, res) => {
    res.json(await assets.get(parse(IdParams, req.params, 'params').id));
  });
  r.patch('/assets/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.json(await assets.patch(id, parse(AssetPatchSchema, req.body, 'body')));
  });
  r.delete('/assets/:id', async (req, res) => {
    await assets.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });
  r.get('/assets/:id/moments', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const { kind } = parse(MomentListQuerySchema, req.query, 'query');
    res.json({ items: await assets.moments(id, kind) });
  });

  for (const kind of ['proxy', 'sprite', 'poster', 'preview'] as const) {
    r.get(`/assets/:id/${kind}`, async (req, res) => {
      const asset = await assets.get(parse(IdParams, req.params, 'params').id);
      const found = renditions.resolve(asset, kind);
      await sendObject(req, res, storage, found.key, { mime: found.mime, cacheSeconds: 3600 });
    });
  }
  r.get('/assets/:id/thumbnail', async (req, res) => {
    const asset = await assets.get(parse(IdParams, req.params, 'params').id);
    const { atMs } = parse(ThumbQuery, req.query, 'query');
    await sendObject(req, res, storage, renditions.thumbnailKey(asset, atMs), { mime: 'image/jpeg', cacheSeconds: 3600 });
  });

  /** A file for an NLE: the whole rendition, or [inMs, outMs) cut by stream copy and widened to keyframes. */
  r.get('/assets/:id/media', async (req, res) => {
    const asset = await assets.get(parse(IdParams, req.params, 'params').id);
    const q = parse(MediaQuery, req.query, 'query');
    // A download is a use: lifecycle rules see it, and a restoreOnUse policy starts bringing the original back.
    await deps.usage.used(asset, 'download').catch((err: unknown) => deps.log.warn({ err, assetId: asset.id }, 'could not record asset use'));
    if (q.inMs === undefined || q.outMs === undefined) {
      const found = renditions.resolve(asset, q.rendition);
      await sendObject(req, res, storage, found.key, { mime: found.mime, fileName: found.fileName });
      return;
    }
    const cut = await renditions.cut(asset, q.rendition, q.inMs, q.outMs);
    try {
      res.setHeader('Content-Type', cut.mime);
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(cut.fileName)}`);
      res.setHeader('X-Cutaway-In-Ms', String(cut.actualInMs));
      res.setHeader('X-Cutaway-Out-Ms', String(cut.actualOutMs));
      res.setHeader('X-Cutaway-Requested-In-Ms', String(q.inMs));
      res.setHeader('X-Cutaway-Requested-Out-Ms', String(q.outMs));
      await pipeline(createReadStream(cut.path), res);
    } finally {
      await cut.dispose();
    }
  });
  return r;
}
