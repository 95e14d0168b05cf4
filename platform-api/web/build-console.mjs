// Builds the browser console (platform-api/web) with vite into <repo>/dist/console. Used by
// `npm run build` and, when the bundle is missing or older than its sources, by `npm start`.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const WEB = import.meta.dirname;
export const SOURCE_DIRS = [WEB, resolve(WEB, '../../shared/src')];
export const DEFAULT_OUT = resolve(WEB, '../../dist/console');

async function newest(dir) {
  let latest = 0;
  for (const name of await readdir(dir).catch(() => [])) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = await stat(p);
    latest = Math.max(latest, s.isDirectory() ? await newest(p) : s.mtimeMs);
  }
  return latest;
}

/** True when outDir has no index.html or any source is newer than it. */
export async function isStale(outDir = DEFAULT_OUT) {
  const built = await stat(join(outDir, 'index.html')).then((s) => s.mtimeMs, () => 0);
  if (!built) return true;
  for (const d of SOURCE_DIRS) if ((await newest(d)) > built) return true;
  return false;
}

/**
 * Builds into a sibling temp folder, then swaps it in, so a server reading the old bundle (or a second
 * process building at the same time) never sees a half-written one.
 */
export async function buildConsole(outDir = DEFAULT_OUT) {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await build({
    root: WEB,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    // Works under the CSP default-src 'self': no inline script, no eval, no module-preload polyfill inline.
    build: { outDir: tmp, emptyOutDir: true, target: 'es2022', modulePreload: false, assetsInlineLimit: 0 },
  });
  await mkdir(resolve(outDir, '..'), { recursive: true });
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  await rename(outDir, old).catch(() => undefined);
  await rename(tmp, outDir).catch(async (err) => {
    // Another process won the race: its bundle is as good as ours.
    await rm(tmp, { recursive: true, force: true });
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
  });
  await rm(old, { recursive: true, force: true });
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(WEB, 'build-console.mjs')) {
  const out = await buildConsole(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT);
  console.log(`console built into ${out}`);
}
