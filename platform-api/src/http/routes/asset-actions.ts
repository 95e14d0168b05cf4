import { Router } from 'express';
import { z } from 'zod';
import { AppError, EnrichRequestSchema, RestoreRequestSchema, TierChangeSchema, VocabularyEntryCreateSchema } from '@cutaway/shared';
import type { ArchiveService } from '../../services/archive-service';
import type { EnrichmentService } from '../../services/enrichment/enrichment-service';
import type { VocabularyService } from '../../services/vocabulary-service';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** Enrichment re-runs, archive tiers and the alias vocabulary (editors write, everyone reads). */
export function assetActionRoutes(deps: { enrichment: EnrichmentService | null; vocabulary: VocabularyService; archive: ArchiveService }): Router {
  const r = Router();
  r.post('/assets/:id/tier', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const asset = await deps.archive.setTier(id, parse(TierChangeSchema, req.body, 'body').tier);
    // 202 while a byte-copying move is queued (follow asset.tierMove and job.progress); 200 when done at once.
    res.status(asset.tierMove ? 202 : 200).json(asset);
  });
  r.post('/assets/:id/restore', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(RestoreRequestSchema, req.body ?? {}, 'body');
    const asset = await deps.archive.restore(id, { days: body.days, speed: body.speed, neededBy: body.neededBy ? new Date(body.neededBy) : null });
    // 202: a restore is under way; 200: nothing to restore, the engine keeps the original readable (restore.state not_needed).
    res.status(asset.restore.state === 'not_needed' ? 200 : 202).json(asset);
  });
  r.post('/assets/:id/enrich', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(EnrichRequestSchema, req.body ?? {}, 'body');
    if (!deps.enrichment) throw new AppError('request.invalid', 'Enrichment is off in this deployment (CUTAWAY_ENRICH=off)');
    res.status(202).json(await deps.enrichment.request(id, body.steps, body.priority));
  });

  r.get('/vocabulary', async (_req, res) => {
    res.json({ items: await deps.vocabulary.list() });
  });
  r.post('/vocabulary', async (req, res) => {
    res.status(201).json(await deps.vocabulary.create(parse(VocabularyEntryCreateSchema, req.body, 'body')));
  });
  r.put('/vocabulary/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.json(await deps.vocabulary.replace(id, parse(VocabularyEntryCreateSchema, req.body, 'body')));
  });
  r.delete('/vocabulary/:id', async (req, res) => {
    await deps.vocabulary.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });
  return r;
}
