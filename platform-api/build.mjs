// Bundles platform-api (with @cutaway/shared inlined) into dist/platform-api/main.js.
// Native and dynamically-loaded packages stay external and resolve from node_modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((d) => d !== '@cutaway/shared');

await build({
  entryPoints: ['src/main.ts'],
  outfile: '../dist/platform-api/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'info',
});
