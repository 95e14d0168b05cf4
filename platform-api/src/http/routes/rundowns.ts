import { Router } from 'express';
import { z } from 'zod';
import { PlaceholderCreateSchema, RundownInputSchema, RundownKeySchema, RundownListQuerySchema } from '@cutaway/shared';
import type { PlaceholderService } from '../../services/placeholder-service';
import { summarize, type RundownService } from '../../services/rundown-service';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const AttachQuery = z.object({ fileName: z.string().trim().min(1).max(300) });

/** Running orders (read by every UI, written by the MOS gateway) and placeholder assets (mosObjCreate). */
export function rundownRoutes(deps: { rundowns: RundownService; placeholders: PlaceholderService }): Router {
  const r = Router();
  const { rundowns, placeholders } = deps;
  r.get('/rundowns', async (req, res) => {
    res.json({ items: await rundowns.list(parse(RundownListQuerySchema, req.query, 'query')) });
  });
  // Before /rundowns/:id: the NRCS's own ids hold `/`, `;` and `\`, so they travel as query values.
  r.get('/rundowns/lookup', async (req, res) => {
    const { ncsId, roId } = parse(RundownKeySchema, req.query, 'query');
    res.json(await rundowns.findByKey(ncsId, roId));
  });
  r.get('/rundowns/:id', async (req, res) => {
    res.json(await rundowns.get(parse(IdParams, req.params, 'params').id));
  });
  // The writer gets the summary back, not the whole running order: it already has it, and a
  // 200-story echo costs the MOS gateway a parse on its ack path.
  r.put('/rundowns', async (req, res) => {
    res.json(summarize(await rundowns.put(parse(RundownInputSchema, req.body, 'body'))));
  });
  r.delete('/rundowns/:id', async (req, res) => {
    await rundowns.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });
  r.get('/assets/:id/rundowns', async (req, res) => {
    res.json({ items: await rundowns.linksForAsset(parse(IdParams, req.params, 'params').id) });
  });

  r.post('/assets/placeholders', async (req, res) => {
    const asset = await placeholders.create(parse(PlaceholderCreateSchema, req.body, 'body'));
    res.status(201).location(`/api/v1/assets/${asset.id}`).json(asset);
  });
  /** The media for a placeholder, as the raw request body (any content type); `fileName` names it. */
  r.put('/assets/:id/original', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const { fileName } = parse(AttachQuery, req.query, 'query');
    res.json(await placeholders.attach(id, req, fileName));
  });
  return r;
}
