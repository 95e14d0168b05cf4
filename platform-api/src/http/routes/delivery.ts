import { Router, type Request } from 'express';
import { z } from 'zod';
import { ApprovalListQuerySchema, ApprovalRequestSchema, DeclineRequestSchema, DeliverRequestSchema, IdSchema, RenderRequestSchema, SelectionCreateSchema, type DeliveryPrincipalInput } from '@cutaway/shared';
import type { ObjectStorage } from '../../ports/object-storage';
import type { DeliveryService } from '../../services/delivery/index';
import { parse } from '../validate';
import { sendObject } from '../send-object';

const IdParams = z.object({ id: IdSchema });

/**
 * The caller as the delivery service sees it. Bearer tokens are people's tokens today; a token the
 * operator made as an agent's (`kind: 'agent'`, issue 16 scopes) is an agent principal and can never approve.
 */
export function principalOf(req: Request): DeliveryPrincipalInput {
  const c = req.caller!;
  // Forward-compatible with scoped tokens: a token with scopes but without deliver:approve is treated as an agent's.
  const extra = c as unknown as { agent?: unknown; scopes?: unknown };
  const scopes: unknown[] | null = Array.isArray(extra.scopes) ? extra.scopes : null;
  const agent = c.kind === 'agent' || extra.agent === true || (scopes !== null && !scopes.includes('deliver:approve'));
  return { id: c.id, name: c.name, role: c.role, agent, channel: 'http' };
}

/** Delivery (docs/delivery.md): every handler is one DeliveryService call. */
export function deliveryRoutes(deps: { delivery: DeliveryService; storage: ObjectStorage }): Router {
  const r = Router();
  const { delivery } = deps;
  r.get('/profiles', (_req, res) => {
    res.json({ items: delivery.listProfiles() });
  });
  r.get('/destinations', (_req, res) => {
    res.json(delivery.listDestinations());
  });
  r.post('/selections', async (req, res) => {
    res.status(201).json(await delivery.createSelection(parse(SelectionCreateSchema, req.body, 'body'), principalOf(req)));
  });
  r.get('/selections/:id', async (req, res) => {
    res.json(await delivery.getSelection(parse(IdParams, req.params, 'params').id, principalOf(req)));
  });
  r.post('/render-plans', async (req, res) => {
    // A dry run changes nothing.
    res.locals.auditSkip = true;
    res.json(await delivery.planRender(parse(RenderRequestSchema, req.body, 'body'), principalOf(req)));
  });
  r.post('/renders', async (req, res) => {
    res.status(202).json(await delivery.render(parse(RenderRequestSchema, req.body, 'body'), principalOf(req)));
  });
  r.get('/renders/:id', async (req, res) => {
    res.json(await delivery.getRender(parse(IdParams, req.params, 'params').id, principalOf(req)));
  });
  r.get('/renders/:id/file', async (req, res) => {
    const { key, fileName } = await delivery.renderFile(parse(IdParams, req.params, 'params').id, principalOf(req));
    await sendObject(req, res, deps.storage, key, { mime: 'video/mp4', fileName });
  });
  r.post('/approvals', async (req, res) => {
    res.status(201).json(await delivery.requestApproval(parse(ApprovalRequestSchema, req.body, 'body'), principalOf(req)));
  });
  r.get('/approvals', async (req, res) => {
    res.json(await delivery.listApprovals(parse(ApprovalListQuerySchema, req.query, 'query'), principalOf(req)));
  });
  r.get('/approvals/:id', async (req, res) => {
    res.json(await delivery.getApproval(parse(IdParams, req.params, 'params').id, principalOf(req)));
  });
  r.post('/approvals/:id/approve', async (req, res) => {
    res.json(await delivery.approve(parse(IdParams, req.params, 'params').id, principalOf(req)));
  });
  r.post('/approvals/:id/decline', async (req, res) => {
    res.json(await delivery.decline(parse(IdParams, req.params, 'params').id, parse(DeclineRequestSchema, req.body ?? {}, 'body'), principalOf(req)));
  });
  r.post('/deliveries', async (req, res) => {
    res.json(await delivery.deliver(parse(DeliverRequestSchema, req.body, 'body'), principalOf(req)));
  });
  r.get('/deliveries/:id', async (req, res) => {
    res.json(await delivery.getDelivery(parse(IdParams, req.params, 'params').id, principalOf(req)));
  });
  return r;
}
