// Builds the HTML5 MOS plug-in (mos-gateway/plugin) with vite into mos-gateway/dist/plugin, which the
// gateway serves at /plugin/. `npm run build -w mos-gateway`.
import { resolve } from 'node:path';

const ROOT = import.meta.dirname;
export const OUT = resolve(ROOT, '../dist/plugin');

export async function buildPlugin(outDir = OUT) {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    root: ROOT,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: false, assetsInlineLimit: 0 },
  });
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPlugin();
