// The build steps premiere-panel and photoshop-plugin share (each build.ts adds only what is its own):
// one HTML page → one self-contained classic script, and a UXP plugin folder + .ccx + browser dev build.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { packageUxp } from './uxp-package.mjs';

/**
 * Bundles `page` (under `root`) into `outDir` as index.html + index.js + index.css. A classic deferred
 * script, not a module: UXP and older CEP do not load ES module scripts.
 */
export async function bundlePage({ root, page, outDir, target }) {
  await build({
    root,
    base: './',
    logLevel: 'warn',
    configFile: false,
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target,
      modulePreload: false,
      cssCodeSplit: false,
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, page), output: { format: 'iife', entryFileNames: 'index.js', assetFileNames: 'index.[ext]' } },
    },
  });
  const built = resolve(outDir, page);
  const html = readFileSync(built, 'utf8')
    .replace(/<script type="module"[^>]*src="([^"]+)"><\/script>/, '<script defer src="$1"></script>')
    .replace(/ crossorigin/g, '');
  if (page !== 'index.html') rmSync(built);
  writeFileSync(resolve(outDir, 'index.html'), html);
}

/**
 * `<dist>/<name>/` (index.html bundled for `target` + manifest.json), `<dist>/<name>.ccx`, and
 * `<dist>/<name>-dev/` (dev.html: the same app over the recording fake host, for browsers and tests).
 */
export async function buildUxpPlugin({ root, dist, name, manifest, target }) {
  const uxpDir = resolve(dist, name);
  await bundlePage({ root, page: 'index.html', outDir: uxpDir, target });
  writeFileSync(resolve(uxpDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const ccx = packageUxp(uxpDir, resolve(dist, `${name}.ccx`));
  const devDir = resolve(dist, `${name}-dev`);
  await bundlePage({ root, page: 'dev.html', outDir: devDir, target: 'es2022' });
  return { uxpDir, ccx, devDir };
}
