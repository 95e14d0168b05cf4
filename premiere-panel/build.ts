// Builds every premiere-panel artefact into the repository's dist/ (run with tsx: `npm run build -w premiere-panel`):
//   dist/premiere-panel/       UXP plugin (manifest.json + bundle)   dist/premiere-panel.ccx   its package
//   dist/premiere-panel-cep/   CEP extension (CSXS/manifest.xml, .debug, jsx/cutaway.jsx), unsigned
//   dist/premiere-panel-dev/   the same app over the recording fake host, for browsers and tests
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { bundlePage, buildUxpPlugin } from '../scripts/uxp-build.mjs';
import { buildCepDebug, buildCepManifest } from './src/manifest/cep-manifest';
import { buildUxpManifest } from './src/manifest/uxp-manifest';
import { panelConfig } from './uxp.config';

const here = import.meta.dirname;
// CUTAWAY_DIST_DIR lets tests build into their own folder, so two builds never empty each other's output.
const dist = resolve(process.env.CUTAWAY_DIST_DIR ?? resolve(here, '../dist'));
const pkg = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as { version: string };

export async function buildPanel(): Promise<void> {
  // UXP: Premiere 25.6 ships UXP 8.1. Also the browser build over the recording fake host (premiere-panel-dev).
  const { uxpDir, ccx, devDir } = await buildUxpPlugin({ root: here, dist, name: 'premiere-panel', manifest: buildUxpManifest(panelConfig(pkg.version, process.env)), target: 'es2020' });

  // CEP 10–12 (Chromium 74–99) plus the ExtendScript host, emitted as ES5 script for ExtendScript (ES3 engine).
  const cepDir = resolve(dist, 'premiere-panel-cep');
  await bundlePage({ root: here, page: 'cep.html', outDir: cepDir, target: 'chrome74' });
  const cep = { bundleId: 'io.cutaway.premiere.cep', version: pkg.version, name: 'Cutaway', hostVersion: '[15.0,99.9]', debugPort: 8860 };
  mkdirSync(resolve(cepDir, 'CSXS'), { recursive: true });
  writeFileSync(resolve(cepDir, 'CSXS/manifest.xml'), buildCepManifest(cep));
  writeFileSync(resolve(cepDir, '.debug'), buildCepDebug(cep));
  mkdirSync(resolve(cepDir, 'jsx'), { recursive: true });
  const jsx = ts.transpileModule(readFileSync(resolve(here, 'src/host/cep/jsx/cutaway.ts'), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES5 } }).outputText;
  writeFileSync(resolve(cepDir, 'jsx/cutaway.jsx'), jsx);
  process.stdout.write(`premiere-panel ${pkg.version}: ${uxpDir} (+ ${ccx.outFile}, ${ccx.files} files), ${cepDir}, ${devDir}\n`);
}

await buildPanel();
