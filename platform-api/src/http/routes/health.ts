import { Router } from 'express';
import type { Health } from '@cutaway/shared';

export type HealthCheck = () => Promise<{ ok: boolean; detail: string; version?: string | null }>;

export interface Probes {
  live: () => boolean;
  /** False while starting or shutting down: load balancers stop sending requests. */
  ready: () => boolean;
}

/**
 * `GET /health` (no token): each component's state, so an operator sees what is wrong at a glance.
 * `/health/live` and `/health/ready` are the cheap probes orchestrators poll.
 */
export function healthRoutes(version: string, checks: Record<string, HealthCheck>, probes: Probes): Router {
  const r = Router();
  r.get('/health/live', (_req, res) => {
    res.status(probes.live() ? 200 : 503).json({ ok: probes.live() });
  });
  r.get('/health/ready', async (_req, res) => {
    const db = await (checks.db?.() ?? Promise.resolve({ ok: true, detail: '' })).catch((err: unknown) => ({ ok: false, detail: String(err) }));
    const ok = probes.ready() && db.ok;
    res.status(ok ? 200 : 503).json({ ok, accepting: probes.ready(), db: db.ok });
  });
  r.get('/health', async (_req, res) => {
    const components: Health['components'] = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          components[name] = await check();
        } catch (err) {
          components[name] = { ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const ok = Object.values(components).every((c) => c.ok);
    const body: Health = { ok, version, components };
    res.status(ok ? 200 : 503).json(body);
  });
  return r;
}
