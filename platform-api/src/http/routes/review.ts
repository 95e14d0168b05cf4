import { Router } from 'express';
import { z } from 'zod';
import {
  ReviewClaimSchema, ReviewDestinationCreateSchema, ReviewMarkerDeleteQuerySchema, ReviewMarkerUpsertSchema, ReviewProgressSchema,
  ReviewRequestCreateSchema, ReviewRequestQuerySchema, ReviewStatusUpdateSchema,
} from '@cutaway/shared';
import type { ReviewService } from '../../services/review-service';
import { requireRole } from '../auth';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** Review pushes, markers and statuses (docs/frameio.md); every handler is one ReviewService call. */
export function reviewRoutes(deps: { review: ReviewService }): Router {
  const r = Router();
  const { review } = deps;
  r.get('/review-destinations', async (_req, res) => {
    res.json({ items: await review.listDestinations() });
  });
  r.post('/review-destinations', requireRole('admin'), async (req, res) => {
    res.status(201).json(await review.createDestination(parse(ReviewDestinationCreateSchema, req.body, 'body')));
  });
  r.delete('/review-destinations/:id', requireRole('admin'), async (req, res) => {
    await review.deleteDestination(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });

  r.post('/assets/:id/review', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.status(202).json(await review.requestReview(id, parse(ReviewRequestCreateSchema, req.body, 'body')));
  });
  r.get('/assets/:id/review', async (req, res) => {
    res.json(await review.summary(parse(IdParams, req.params, 'params').id));
  });
  r.put('/assets/:id/markers', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.json(await review.upsertMarker(id, parse(ReviewMarkerUpsertSchema, req.body, 'body')));
  });
  r.delete('/assets/:id/markers', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    await review.deleteMarker(id, parse(ReviewMarkerDeleteQuerySchema, req.query, 'query').externalId);
    res.status(204).end();
  });
  r.put('/assets/:id/review-status', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.json(await review.setStatus(id, parse(ReviewStatusUpdateSchema, req.body, 'body')));
  });

  r.get('/review-requests', async (req, res) => {
    res.json({ items: await review.findRequests(parse(ReviewRequestQuerySchema, req.query, 'query')) });
  });
  r.post('/review-requests/claim', async (req, res) => {
    const claimed = await review.claim(parse(ReviewClaimSchema, req.body ?? {}, 'body'));
    // The bridge polls every few seconds; a poll that hands out nothing changed nothing, so it is not audited.
    if (!claimed.request) res.locals.auditSkip = true;
    res.json(claimed);
  });
  r.post('/review-requests/:id/progress', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    res.json(await review.progress(id, parse(ReviewProgressSchema, req.body, 'body')));
  });
  return r;
}
