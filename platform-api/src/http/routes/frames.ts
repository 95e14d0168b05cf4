import { Router } from 'express';
import { z } from 'zod';
import { FrameQuerySchema } from '@cutaway/shared';
import type { AssetService } from '../../services/asset-service';
import type { FrameService } from '../../services/frame-service';
import type { ObjectStorage } from '../../ports/object-storage';
import { sendObject } from '../send-object';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** `GET /assets/:id/frame?ms=|tc=&width=&format=`: the exact frame, from the cache or grabbed now. */
export function frameRoutes(deps: { assets: AssetService; frames: FrameService; storage: ObjectStorage }): Router {
  const r = Router();
  r.get('/assets/:id/frame', async (req, res) => {
    const asset = await deps.assets.get(parse(IdParams, req.params, 'params').id);
    const f = await deps.frames.grab(asset, parse(FrameQuerySchema, req.query, 'query'));
    res.setHeader('X-Cutaway-Frame', String(f.frame));
    res.setHeader('X-Cutaway-Frame-Ms', String(f.ms));
    if (f.timecode) res.setHeader('X-Cutaway-Timecode', f.timecode);
    res.setHeader('X-Cutaway-Width', String(f.width));
    res.setHeader('X-Cutaway-Height', String(f.height));
    // Added to what the CORS middleware exposes (if it allowed this origin), so browser panels can read them.
    const exposed = res.getHeader('Access-Control-Expose-Headers');
    if (exposed) res.setHeader('Access-Control-Expose-Headers', `${String(exposed)}, X-Cutaway-Frame, X-Cutaway-Frame-Ms, X-Cutaway-Timecode, X-Cutaway-Width, X-Cutaway-Height`);
    res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    await sendObject(req, res, deps.storage, f.key, { mime: f.mime, cacheSeconds: 3600 });
  });
  return r;
}
