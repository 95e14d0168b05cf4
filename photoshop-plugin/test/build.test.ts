import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUxpManifest } from '../src/manifest/uxp-manifest';
import { pluginConfig } from '../uxp.config';

const HERE = resolve(import.meta.dirname, '..');
const DIST = resolve(HERE, '../dist');
const pkg = JSON.parse(readFileSync(resolve(HERE, 'package.json'), 'utf8')) as { version: string };

describe('manifest v5 from typed config', () => {
  it('has one PS host, the package version, the panel and explicit http(s)+ws(s) domains', () => {
    const m = buildUxpManifest(pluginConfig(pkg.version, { CUTAWAY_PLUGIN_SERVERS: 'https://cutaway.newsroom.local:8750, http://127.0.0.1:8750/' }));
    expect(m).toMatchObject({ manifestVersion: 5, id: 'io.cutaway.photoshop', version: pkg.version, main: 'index.html', host: { app: 'PS', minVersion: '25.0.0' } });
    expect(Array.isArray(m.host)).toBe(false);
    expect(m.entrypoints.map((e) => [e.type, e.id])).toEqual([['panel', 'cutaway.panel']]);
    expect(m.requiredPermissions).toEqual({
      network: { domains: ['https://cutaway.newsroom.local:8750', 'wss://cutaway.newsroom.local:8750', 'http://127.0.0.1:8750', 'ws://127.0.0.1:8750'] },
      localFileSystem: 'plugin',
    });
  });

  it('refuses a version UXP would refuse and a server that is not a URL', () => {
    expect(() => buildUxpManifest(pluginConfig('1.2', {}))).toThrow(/x\.y\.z/);
    expect(() => buildUxpManifest(pluginConfig('1.2.3', { CUTAWAY_PLUGIN_SERVERS: 'cutaway.local' }))).toThrow();
  });
});

describe('npm run build -w photoshop-plugin', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: HERE, stdio: 'pipe', env: { ...process.env, CUTAWAY_PLUGIN_SERVERS: 'https://127.0.0.1:8750' } });
  }, 180_000);

  it('writes dist/photoshop-plugin with its manifest and a classic-script page whose files exist', () => {
    const manifest = JSON.parse(readFileSync(resolve(DIST, 'photoshop-plugin/manifest.json'), 'utf8')) as { version: string; host: unknown };
    expect(manifest).toMatchObject({ version: pkg.version, host: { app: 'PS' } });
    const html = readFileSync(resolve(DIST, 'photoshop-plugin/index.html'), 'utf8');
    expect(html).not.toContain('type="module"');
    const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual(['index.css', 'index.js']);
    for (const ref of refs) expect(existsSync(resolve(DIST, 'photoshop-plugin', ref)), ref).toBe(true);
    // The UXP bundle reaches the host modules only through the runtime require, never a bundled stand-in.
    const js = readFileSync(resolve(DIST, 'photoshop-plugin/index.js'), 'utf8');
    expect(js).toContain('Not running inside UXP');
    expect(js).not.toContain('createFakePhotoshop');
  });

  it('packs the .ccx: a zip with manifest.json at its root, identical to the built one', () => {
    const ccx = resolve(DIST, 'photoshop-plugin.ccx');
    expect(execFileSync('unzip', ['-Z1', ccx], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual(['index.css', 'index.html', 'index.js', 'manifest.json']);
    expect(execFileSync('unzip', ['-p', ccx, 'manifest.json'], { encoding: 'utf8' })).toBe(readFileSync(resolve(DIST, 'photoshop-plugin/manifest.json'), 'utf8'));
    execFileSync('unzip', ['-tq', ccx]);
  });
});
