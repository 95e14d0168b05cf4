import { Router } from 'express';
import { AuditQuerySchema } from '@cutaway/shared';
import type { AuditService } from '../../services/audit-service';
import { requireRole } from '../auth';
import { parse } from '../validate';

/** `GET /audit` (admin): the trail of writes, newest first, filtered by token, asset, action, channel and time. */
export function auditRoutes(audit: AuditService): Router {
  const r = Router();
  r.get('/audit', requireRole('admin'), async (req, res) => {
    res.json(await audit.list(parse(AuditQuerySchema, req.query, 'query')));
  });
  return r;
}
