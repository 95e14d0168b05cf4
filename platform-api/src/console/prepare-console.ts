import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { WebConfig } from '../config';

interface ConsoleBuilder {
  DEFAULT_OUT: string;
  isStale(outDir?: string): Promise<boolean>;
  buildConsole(outDir?: string): Promise<string>;
}

/** platform-api/web/build-console.mjs, found from src/ (tsx) or from the bundle in dist/platform-api/. */
function findBuilder(from: string): string | null {
  for (let d = from; ; d = dirname(d)) {
    for (const c of [join(d, 'web/build-console.mjs'), join(d, 'platform-api/web/build-console.mjs')]) if (existsSync(c)) return c;
    if (dirname(d) === d) return null;
  }
}

/**
 * Makes `npm start` on a fresh clone serve a working console with no extra command: the bundle is built
 * (vite) when it is missing or older than its sources. A failed build leaves the API up; `/` then says how
 * to build. Returns the directory to serve, or null.
 */
export async function prepareConsole(web: WebConfig, log: Logger): Promise<string | null> {
  if (web.console === 'off') return null;
  const builderPath = findBuilder(import.meta.dirname);
  const builder = builderPath ? ((await import(pathToFileURL(builderPath).href)) as ConsoleBuilder) : null;
  const dir = web.consoleDir ? resolve(web.consoleDir) : (builder?.DEFAULT_OUT ?? null);
  if (!dir) return null;
  if (!builder || web.consoleDir) return dir;
  try {
    if (await builder.isStale(dir)) {
      const t0 = Date.now();
      log.info({ dir }, 'building the browser console');
      await builder.buildConsole(dir);
      log.info({ dir, ms: Date.now() - t0 }, 'browser console built');
    }
  } catch (err) {
    log.error({ err }, 'could not build the browser console; the API runs without it (run `npm run build`)');
  }
  return dir;
}
