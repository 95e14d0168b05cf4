// Bundles platform-api (with @cutaway/shared inlined) into dist/platform-api/.
// Native and dynamically-loaded packages stay external and resolve from node_modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((d) => d !== '@cutaway/shared');

// main.js, the embedding worker thread (found beside main.js at run time) and the migration CLI.
await build({
  entryPoints: { main: 'src/main.ts', 'use-worker': 'src/adapters/embeddings-use/use-worker.ts', 'vision-worker': 'src/adapters/vision-human/vision-worker.ts', 'migrate-scale-out': 'src/migration/cli.ts' },
  outdir: '../dist/platform-api',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'info',
});

// The browser console (platform-api/web) into dist/console: served at `/`.
const { buildConsole } = await import('./web/build-console.mjs');
await buildConsole();
