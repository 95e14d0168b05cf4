import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Script } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUxpManifest, networkDomains, UxpManifestSchema } from '../src/manifest/uxp-manifest';
import { buildCepManifest } from '../src/manifest/cep-manifest';
import { panelConfig } from '../uxp.config';

const HERE = resolve(import.meta.dirname, '..');
const DIST = resolve(HERE, '../dist');
const pkg = JSON.parse(readFileSync(resolve(HERE, 'package.json'), 'utf8')) as { version: string };

describe('manifest from typed config', () => {
  it('is a valid v5 manifest with one premierepro host, the package version and explicit domains', () => {
    const m = buildUxpManifest(panelConfig(pkg.version, { CUTAWAY_PANEL_SERVERS: 'https://cutaway.newsroom.local:8750' }));
    expect(m.version).toBe(pkg.version);
    expect(m.host).toEqual({ app: 'premierepro', minVersion: '25.6.0' });
    expect(m.requiredPermissions.network.domains).toEqual(['https://cutaway.newsroom.local:8750', 'wss://cutaway.newsroom.local:8750']);
  });

  it('refuses what UXP refuses: host arrays, wildcards, paths in domains, bad versions', () => {
    const good = buildUxpManifest(panelConfig('1.2.3', {}));
    expect(UxpManifestSchema.safeParse({ ...good, host: [good.host] }).success).toBe(false);
    expect(() => buildUxpManifest({ ...panelConfig('1.2.3', {}), servers: ['https://*.example'] })).toThrow();
    expect(() => buildUxpManifest({ ...panelConfig('1.2.3', {}), servers: ['https://x.example/api'] })).toThrow();
    expect(() => buildUxpManifest({ ...panelConfig('1.2', {}) })).toThrow();
    expect(networkDomains(['http://a:1/', ' ', 'https://b'])).toEqual(['http://a:1', 'ws://a:1', 'https://b', 'wss://b']);
  });

  it('CEP manifest names the PPRO host, the jsx and Node', () => {
    const xml = buildCepManifest({ bundleId: 'x.y', version: '1.0.0', name: 'A & B', hostVersion: '[15.0,99.9]', debugPort: 1 });
    expect(xml).toContain('<Host Name="PPRO" Version="[15.0,99.9]"/>');
    expect(xml).toContain('<ScriptPath>./jsx/cutaway.jsx</ScriptPath>');
    expect(xml).toContain('--enable-nodejs');
    expect(xml).toContain('ExtensionBundleName="A &amp; B"');
  });
});

describe('npm run build -w premiere-panel', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: HERE, stdio: 'pipe', env: { ...process.env, CUTAWAY_PANEL_SERVERS: 'https://127.0.0.1:8750' } });
  }, 180_000);

  it('writes dist/premiere-panel with a valid manifest and a page whose script and style exist', () => {
    const manifest = UxpManifestSchema.parse(JSON.parse(readFileSync(resolve(DIST, 'premiere-panel/manifest.json'), 'utf8')));
    expect(manifest.version).toBe(pkg.version);
    const html = readFileSync(resolve(DIST, 'premiere-panel/index.html'), 'utf8');
    expect(html).not.toContain('type="module"');
    for (const ref of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) expect(existsSync(resolve(DIST, 'premiere-panel', ref[1]!)), ref[1]).toBe(true);
  });

  it('packs the .ccx as a zip with manifest.json at its root, identical to the built one', () => {
    const ccx = resolve(DIST, 'premiere-panel.ccx');
    const list = execFileSync('unzip', ['-Z1', ccx], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(list).toEqual(['index.css', 'index.html', 'index.js', 'manifest.json']);
    expect(execFileSync('unzip', ['-p', ccx, 'manifest.json'], { encoding: 'utf8' })).toBe(readFileSync(resolve(DIST, 'premiere-panel/manifest.json'), 'utf8'));
    execFileSync('unzip', ['-tq', ccx]);
  });

  it('writes the unsigned CEP extension: manifest.xml, .debug and ES5 ExtendScript', () => {
    const cep = resolve(DIST, 'premiere-panel-cep');
    expect(readFileSync(resolve(cep, 'CSXS/manifest.xml'), 'utf8')).toContain(`ExtensionBundleVersion="${pkg.version}"`);
    expect(existsSync(resolve(cep, '.debug'))).toBe(true);
    const jsx = readFileSync(resolve(cep, 'jsx/cutaway.jsx'), 'utf8');
    expect(() => new Script(jsx)).not.toThrow();
    expect(jsx).not.toMatch(/\b(let|const|class)\s|=>/);
  });
});
