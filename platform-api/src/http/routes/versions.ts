import { Router } from 'express';
import { z } from 'zod';
import { AssetOriginSchema } from '@cutaway/shared';
import type { IngestService } from '../../services/ingest-service';
import type { VersionService } from '../../services/version-service';
import { parse } from '../validate';
import { receive } from './upload';

const IdParams = z.object({ id: z.string().min(1).max(64) });
/** Where the edit was made; the plugins say `photoshop` so the console can tell a push-back from an upload. */
const OriginField = z.object({ origin: AssetOriginSchema.shape.kind.default('upload') });

/** `POST /assets/:id/versions` (multipart, the upload's fields plus `origin`) and `GET /assets/:id/versions`. */
export function versionRoutes(deps: { ingest: IngestService; versions: VersionService }): Router {
  const r = Router();
  r.post('/assets/:id/versions', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const asset = await receive(req, deps.ingest, (staged, source, fields) => {
      const { origin } = parse(OriginField, { origin: fields.origin || undefined }, 'body');
      return deps.versions.createVersion(id, staged, { ...source, origin: { kind: origin, ref: id } });
    });
    res.status(201).location(`/api/v1/assets/${asset.id}`).json(asset);
  });
  r.get('/assets/:id/versions', async (req, res) => {
    res.json(await deps.versions.list(parse(IdParams, req.params, 'params').id));
  });
  return r;
}
