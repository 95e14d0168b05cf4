// Builds every photoshop-plugin artefact into the repository's dist/ (run with tsx: `npm run build -w photoshop-plugin`):
//   dist/photoshop-plugin/       UXP plugin (manifest.json + bundle)   dist/photoshop-plugin.ccx   its package
//   dist/photoshop-plugin-dev/   the same app over the recording fake Photoshop, for browsers and tests
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
// @ts-expect-error -- plain ESM helper shared with premiere-panel, no type declarations
import { packageUxp } from '../scripts/uxp-package.mjs';
import { buildUxpManifest } from './src/manifest/uxp-manifest';
import { pluginConfig } from './uxp.config';

const here = import.meta.dirname;
// CUTAWAY_PLUGIN_DIST lets a test build into its own folder while another test builds into dist/.
const dist = resolve(process.env.CUTAWAY_PLUGIN_DIST ?? resolve(here, '../dist'));
const pkg = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as { version: string };

/** One page → one self-contained classic script: UXP does not load ES module scripts. */
async function bundle(page: string, outDir: string, target: string): Promise<void> {
  await build({
    root: here,
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
      rollupOptions: { input: resolve(here, page), output: { format: 'iife', entryFileNames: 'index.js', assetFileNames: 'index.[ext]' } },
    },
  });
  const built = resolve(outDir, page);
  const html = readFileSync(built, 'utf8')
    .replace(/<script type="module"[^>]*src="([^"]+)"><\/script>/, '<script defer src="$1"></script>')
    .replace(/ crossorigin/g, '');
  if (page !== 'index.html') rmSync(built);
  writeFileSync(resolve(outDir, 'index.html'), html);
}

export async function buildPlugin(): Promise<void> {
  const uxpDir = resolve(dist, 'photoshop-plugin');
  // Photoshop 25 ships UXP 7.3+ (manifest MIN_PHOTOSHOP); es2020 is within what it runs.
  await bundle('index.html', uxpDir, 'es2020');
  const manifest = buildUxpManifest(pluginConfig(pkg.version, process.env));
  writeFileSync(resolve(uxpDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const ccx = packageUxp(uxpDir, resolve(dist, 'photoshop-plugin.ccx')) as { outFile: string; files: number };
  await bundle('dev.html', resolve(dist, 'photoshop-plugin-dev'), 'es2022');
  process.stdout.write(`photoshop-plugin ${pkg.version}: ${uxpDir} (+ ${ccx.outFile}, ${ccx.files} files), ${resolve(dist, 'photoshop-plugin-dev')}\n`);
}

await buildPlugin();
