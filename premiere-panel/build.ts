// Builds every premiere-panel artefact into the repository's dist/ (run with tsx: `npm run build -w premiere-panel`):
//   dist/premiere-panel/       UXP plugin (manifest.json + bundle)   dist/premiere-panel.ccx   its package
//   dist/premiere-panel-cep/   CEP extension (CSXS/manifest.xml, .debug, jsx/cutaway.jsx), unsigned
//   dist/premiere-panel-dev/   the same app over the recording fake host, for browsers and tests
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import ts from 'typescript';
import { build } from 'vite';
// @ts-expect-error -- plain ESM helper shared with photoshop-plugin, no type declarations
import { packageUxp } from '../scripts/uxp-package.mjs';
import { buildCepDebug, buildCepManifest } from './src/manifest/cep-manifest';
import { buildUxpManifest } from './src/manifest/uxp-manifest';
import { panelConfig } from './uxp.config';

const here = import.meta.dirname;
const dist = resolve(here, '../dist');
const pkg = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as { version: string };

/** One page → one self-contained classic script: UXP and older CEP do not load ES module scripts. */
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

export async function buildPanel(): Promise<void> {
  // UXP: Premiere 25.6 ships UXP 8.1.
  const uxpDir = resolve(dist, 'premiere-panel');
  await bundle('index.html', uxpDir, 'es2020');
  const manifest = buildUxpManifest(panelConfig(pkg.version, process.env));
  writeFileSync(resolve(uxpDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const ccx = packageUxp(uxpDir, resolve(dist, 'premiere-panel.ccx')) as { outFile: string; files: number };

  // CEP 10–12 (Chromium 74–99) plus the ExtendScript host, emitted as ES5 script for ExtendScript (ES3 engine).
  const cepDir = resolve(dist, 'premiere-panel-cep');
  await bundle('cep.html', cepDir, 'chrome74');
  const cep = { bundleId: 'io.cutaway.premiere.cep', version: pkg.version, name: 'Cutaway', hostVersion: '[15.0,99.9]', debugPort: 8860 };
  mkdirSync(resolve(cepDir, 'CSXS'), { recursive: true });
  writeFileSync(resolve(cepDir, 'CSXS/manifest.xml'), buildCepManifest(cep));
  writeFileSync(resolve(cepDir, '.debug'), buildCepDebug(cep));
  mkdirSync(resolve(cepDir, 'jsx'), { recursive: true });
  const jsx = ts.transpileModule(readFileSync(resolve(here, 'src/host/cep/jsx/cutaway.ts'), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES5 } }).outputText;
  writeFileSync(resolve(cepDir, 'jsx/cutaway.jsx'), jsx);

  // Browser build over the recording fake host.
  await bundle('dev.html', resolve(dist, 'premiere-panel-dev'), 'es2022');
  process.stdout.write(`premiere-panel ${pkg.version}: ${uxpDir} (+ ${ccx.outFile}, ${ccx.files} files), ${cepDir}, ${resolve(dist, 'premiere-panel-dev')}\n`);
}

await buildPanel();
