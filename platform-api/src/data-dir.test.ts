import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { findRepositoryRoot, resolveDataDir } from './data-dir';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('data directory', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('defaults to the repository data/ whatever the working directory', () => {
    expect(resolveDataDir(undefined, {}, join(repoRoot, 'platform-api'))).toBe(join(repoRoot, 'data'));
    expect(resolveDataDir(undefined, {}, '/')).toBe(join(repoRoot, 'data'));
    expect(loadConfig({}).dataDir).toBe(join(repoRoot, 'data'));
  });

  it('takes a relative CUTAWAY_DATA_DIR from where the command was typed (npm INIT_CWD), else the cwd', () => {
    expect(resolveDataDir('./mine', { INIT_CWD: '/srv/a' }, '/srv/a/platform-api')).toBe('/srv/a/mine');
    expect(resolveDataDir('mine', {}, '/srv/b')).toBe('/srv/b/mine');
    expect(resolveDataDir('/var/lib/cutaway/', { INIT_CWD: '/x' })).toBe('/var/lib/cutaway');
  });

  it('finds the root only where a package.json lists the platform-api workspace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutaway-root-'));
    dirs.push(dir);
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'package.json'), JSON.stringify({ name: 'not-it' }));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ workspaces: ['shared', 'platform-api'] }));
    expect(findRepositoryRoot(join(dir, 'a', 'b'))).toBe(dir);
    await writeFile(join(dir, 'package.json'), '{ broken');
    expect(findRepositoryRoot(join(dir, 'a', 'b'))).not.toBe(dir);
    expect(findRepositoryRoot(join(repoRoot, 'platform-api', 'src'))).toBe(repoRoot);
  });
});
