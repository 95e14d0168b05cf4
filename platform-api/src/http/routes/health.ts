import { Router } from 'express';
import type { Request } from 'express';
import type { Health } from '@cutaway/shared';
import type { TokenService } from '../../services/token-service';
import { bearerToken } from '../auth';

export type HealthCheck = () => Promise<{ ok: boolean; detail: string; version?: string | null }>;

export interface Probes {
  live: () => boolean;
  /** False while starting or shutting down: load balancers stop sending requests. */
  ready: () => boolean;
}

/**
 * `GET /health`: without a token only `ok` and the version (issue 7: an anonymous caller learns nothing about
 * the components, their versions or the disk); with any valid token also each component's state, so an
 * operator sees what is wrong at a glance. `/health/live` and `/health/ready` are the cheap probes orchestrators poll.
 */
export function healthRoutes(version: string, checks: Record<string, HealthCheck>, probes: Probes, tokens?: TokenService): Router {
  const r = Router();
  r.get('/health/live', (_req, res) => {
    res.status(probes.live() ? 200 : 503).json({ ok: probes.live() });
  });
  r.get('/health/ready', async (_req, res) => {
    const db = await (checks.db?.() ?? Promise.resolve({ ok: true, detail: '' })).catch((err: unknown) => ({ ok: false, detail: String(err) }));
    const ok = probes.ready() && db.ok;
    res.status(ok ? 200 : 503).json({ ok, accepting: probes.ready(), db: db.ok });
  });
  r.get('/health', async (req, res) => {
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
    const body: Health = (await hasValidToken(req, tokens)) ? { ok, version, components } : { ok, version };
    res.status(ok ? 200 : 503).json(body);
  });
  return r;
}

/** A wrong or missing token is not an error here: the caller just gets the short answer. */
async function hasValidToken(req: Request, tokens: TokenService | undefined): Promise<boolean> {
  const secret = bearerToken(req);
  if (!secret || !tokens) return false;
  return tokens.authenticate(secret).then(() => true, () => false);
}
