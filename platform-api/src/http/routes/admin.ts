import { Router } from 'express';
import { z } from 'zod';
import { AppError, JobStatusSchema, TokenCreateSchema, WatchFolderCreateSchema } from '@cutaway/shared';
import type { JobQueue } from '../../ports/job-queue';
import type { TokenService } from '../../services/token-service';
import type { WatchFolderService } from '../../services/watch-folder-service';
import { requireRole } from '../auth';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const JobListQuery = z.object({
  assetId: z.string().max(64).optional(),
  status: JobStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Tokens and watch folders are admin business; jobs, and who the caller is, are readable by anyone with a token. */
export function adminRoutes(deps: { tokens: TokenService; watchFolders: WatchFolderService; queue: JobQueue }): Router {
  const r = Router();
  const admin = requireRole('admin');

  // Any token may read what it is (no secret: the hash never leaves the store), so front ends offer what it may do.
  r.get('/me', (req, res) => {
    res.json(req.caller);
  });
  r.get('/tokens', admin, async (_req, res) => {
    res.json({ items: await deps.tokens.list() });
  });
  r.post('/tokens', admin, async (req, res) => {
    const body = parse(TokenCreateSchema, req.body, 'body');
    res.status(201).json(await deps.tokens.create(body.name, body.role, undefined, body.kind));
  });
  r.delete('/tokens/:id', admin, async (req, res) => {
    await deps.tokens.revoke(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });

  r.get('/watch-folders', admin, async (_req, res) => {
    res.json({ items: await deps.watchFolders.list() });
  });
  r.post('/watch-folders', admin, async (req, res) => {
    res.status(201).json(await deps.watchFolders.create(parse(WatchFolderCreateSchema, req.body, 'body')));
  });
  r.delete('/watch-folders/:id', admin, async (req, res) => {
    await deps.watchFolders.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });

  r.get('/jobs', async (req, res) => {
    const q = parse(JobListQuery, req.query, 'query');
    res.json({ items: await deps.queue.list({ limit: q.limit, ...(q.assetId ? { assetId: q.assetId } : {}), ...(q.status ? { status: q.status } : {}) }) });
  });
  r.get('/jobs/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const job = await deps.queue.get(id);
    if (!job) throw new AppError('job.not_found', `No job ${id}`, { id });
    res.json(job);
  });
  return r;
}
