import { Router } from 'express';
import type { Health } from '@cutaway/shared';

export type HealthCheck = () => Promise<{ ok: boolean; detail: string; version?: string | null }>;

/** `GET /health` (no token): each component's state, so an operator sees what is wrong at a glance. */
export function healthRoutes(version: string, checks: Record<string, HealthCheck>): Router {
  const r = Router();
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
