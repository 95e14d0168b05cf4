import { Router } from 'express';
import { z } from 'zod';
import { ArchivePolicyCreateSchema, StorageReportQuerySchema } from '@cutaway/shared';
import type { ArchivePolicyService } from '../../services/archive/policy-service';
import { reportToCsv, type StorageReportService } from '../../services/archive/storage-report';
import { requireRole } from '../auth';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** Lifecycle policies (admins write, editors read and dry-run) and the storage report. */
export function archiveRoutes(deps: { archivePolicies: ArchivePolicyService; storageReport: StorageReportService }): Router {
  const r = Router();
  const admin = requireRole('admin');
  const editor = requireRole('editor');
  const policies = deps.archivePolicies;

  r.get('/archive/policies', editor, async (_req, res) => {
    res.json({ items: await policies.list() });
  });
  r.post('/archive/policies', admin, async (req, res) => {
    res.status(201).json(await policies.create(parse(ArchivePolicyCreateSchema, req.body, 'body')));
  });
  r.post('/archive/policies/dry-run', editor, async (req, res) => {
    res.json(await policies.dryRunDraft(parse(ArchivePolicyCreateSchema, req.body, 'body')));
  });
  r.get('/archive/policies/:id', editor, async (req, res) => {
    res.json(await policies.get(parse(IdParams, req.params, 'params').id));
  });
  r.put('/archive/policies/:id', admin, async (req, res) => {
    res.json(await policies.replace(parse(IdParams, req.params, 'params').id, parse(ArchivePolicyCreateSchema, req.body, 'body')));
  });
  r.delete('/archive/policies/:id', admin, async (req, res) => {
    await policies.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });
  r.post('/archive/policies/:id/dry-run', editor, async (req, res) => {
    res.json(await policies.dryRun(parse(IdParams, req.params, 'params').id));
  });
  r.post('/archive/policies/:id/run', admin, async (req, res) => {
    res.status(202).json(await policies.run(parse(IdParams, req.params, 'params').id));
  });

  r.get('/storage/report', editor, async (req, res) => {
    const { format } = parse(StorageReportQuerySchema, req.query, 'query');
    const report = await deps.storageReport.report();
    if (format === 'csv') {
      res.type('text/csv').setHeader('Content-Disposition', 'attachment; filename="cutaway-storage-report.csv"');
      res.send(reportToCsv(report));
      return;
    }
    res.json(report);
  });
  return r;
}
