import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { startPlatform, type RunningPlatform } from '../../src/platform';

export const ADMIN = 'admin-secret-for-in-process-0123456789';

/**
 * The real platform (SQLite file, local disk, ffmpeg checked, HTTP on port 0) inside the test process,
 * for route-level checks that need no separate process. Enrichment and workers are off: they only
 * compete for the CPU here.
 */
export async function inProcessPlatform(env: Record<string, string> = {}) {
  const own = !env.CUTAWAY_DATA_DIR;
  const dataDir = env.CUTAWAY_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'cutaway-inproc-')));
  const config = loadConfig({
    CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_ADMIN_TOKEN: ADMIN, CUTAWAY_ENRICH: 'off', CUTAWAY_WORKER_CONCURRENCY: '0',
    CUTAWAY_WATCH_FOLDERS: 'off', ...env,
  });
  const platform: RunningPlatform = await startPlatform(config, pino({ level: process.env.CUTAWAY_TEST_LOG ?? 'silent' }));
  const call = async (token: string | null, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(`${platform.url}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, body: body as any };
  };
  const token = async (name: string, role: 'viewer' | 'editor' | 'admin') => {
    const res = await call(ADMIN, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, role }) });
    if (res.status !== 201) throw new Error(`token creation failed: ${res.status}`);
    return res.body as { id: string; token: string };
  };
  return {
    url: platform.url,
    dataDir,
    call,
    token,
    async close() {
      await platform.close();
      if (own) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value (bounded), for effects of timers. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
