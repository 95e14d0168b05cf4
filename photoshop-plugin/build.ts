// Builds every photoshop-plugin artefact into the repository's dist/ (run with tsx: `npm run build -w photoshop-plugin`):
//   dist/photoshop-plugin/       UXP plugin (manifest.json + bundle)   dist/photoshop-plugin.ccx   its package
//   dist/photoshop-plugin-dev/   the same app over the recording fake Photoshop, for browsers and tests
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildUxpPlugin } from '../scripts/uxp-build.mjs';
import { buildUxpManifest } from './src/manifest/uxp-manifest';
import { pluginConfig } from './uxp.config';

const here = import.meta.dirname;
// CUTAWAY_PLUGIN_DIST lets a test build into its own folder while another test builds into dist/.
const dist = resolve(process.env.CUTAWAY_PLUGIN_DIST ?? resolve(here, '../dist'));
const pkg = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as { version: string };

export async function buildPlugin(): Promise<void> {
  // Photoshop 25 ships UXP 7.3+ (manifest MIN_PHOTOSHOP); es2020 is within what it runs.
  const { uxpDir, ccx, devDir } = await buildUxpPlugin({ root: here, dist, name: 'photoshop-plugin', manifest: buildUxpManifest(pluginConfig(pkg.version, process.env)), target: 'es2020' });
  process.stdout.write(`photoshop-plugin ${pkg.version}: ${uxpDir} (+ ${ccx.outFile}, ${ccx.files} files), ${devDir}\n`);
}

await buildPlugin();
