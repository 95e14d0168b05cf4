import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { runObjectStorageContract } from './object-storage.contract';
import { generatedSource, readAll } from './object-storage.contract.kit';

/** Every file under `root`, as paths relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
}

runObjectStorageContract('local-fs', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cutaway-objects-'));
  return {
    storage: new LocalFsObjectStorage(root),
    close: () => rm(root, { recursive: true, force: true }),
    leftovers: () => filesUnder(root),
  };
});

/** Mounting a tmpfs needs root (or CAP_SYS_ADMIN); probe once and skip the volume tests elsewhere. */
function canMountTmpfs(): string | null {
  const dir = join(tmpdir(), `cutaway-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir]);
    return null;
  } catch (err) {
    return `cannot mount tmpfs (${(err as Error).message.split('\n')[0]})`;
  } finally {
    execFileSync('rm', ['-rf', dir]);
  }
}
const noMount = canMountTmpfs();
// Vitest has no skip reason of its own; say why once so a skipped test is not mistaken for a passed one.
if (noMount) console.warn(`[object-storage.local-fs] skipping small-volume tests: ${noMount}`);

describe('LocalFsObjectStorage specifics', () => {
  let root: string;
  let mounted: string[] = [];
  beforeEach(async () => void (root = await mkdtemp(join(tmpdir(), 'cutaway-objects-'))));
  afterEach(async () => {
    for (const dir of mounted) execFileSync('umount', [dir]);
    mounted = [];
    await rm(root, { recursive: true, force: true });
  });
  const tinyVolume = async (name: string, size: string): Promise<string> => {
    const dir = join(root, name);
    await mkdir(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    mounted.push(dir);
    return dir;
  };

  it('keeps objects as plain files at their key and refuses keys containing ".part-"', async () => {
    const s = new LocalFsObjectStorage(root);
    await s.put('assets/a/original', generatedSource(10).stream);
    expect(await filesUnder(root)).toEqual(['assets/a/original']);
    expect((await s.localPath('assets/a/original')).path).toBe(join(root, 'assets/a/original'));
    await expect(s.stat('assets/a/x.part-0123456789abcdef')).rejects.toMatchObject({ code: 'storage.key_invalid' });
  });

  it('reports a key that collides with a prefix as invalid', async () => {
    const s = new LocalFsObjectStorage(root);
    await s.put('a/b', generatedSource(10).stream);
    await expect(s.put('a/b/c', generatedSource(10).stream)).rejects.toMatchObject({ code: 'storage.key_invalid' });
    await expect(s.put('a', generatedSource(10).stream)).rejects.toMatchObject({ code: 'storage.key_invalid' });
    expect(await filesUnder(root)).toEqual(['a/b']);
  });

  it('sweepPartials removes only stale partials and probes', async () => {
    const s = new LocalFsObjectStorage(root);
    await s.put('assets/a/original', generatedSource(10).stream);
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    await mkdir(join(root, 'assets/b'), { recursive: true });
    for (const f of ['assets/a/original.part-00000000000000aa', 'assets/b/original.part-00000000000000bb', '.health-00000000000000cc']) {
      await writeFile(join(root, f), 'x');
      await utimes(join(root, f), old, old);
    }
    await writeFile(join(root, 'assets/a/original.part-00000000000000dd'), 'in flight');
    expect(await s.sweepPartials()).toBe(3);
    expect(await filesUnder(root)).toEqual(['assets/a/original', 'assets/a/original.part-00000000000000dd']);
    expect(await new LocalFsObjectStorage(join(root, 'missing')).sweepPartials()).toBe(0);
  });

  it('sweepPartials removes asset folders left empty for long, never a fresh one (issue 7)', async () => {
    const s = new LocalFsObjectStorage(root);
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    await mkdir(join(root, 'assets/rejected'), { recursive: true });
    await utimes(join(root, 'assets/rejected'), old, old);
    await mkdir(join(root, 'assets/starting-now'), { recursive: true });
    await s.put('assets/kept/original', generatedSource(10).stream);
    await utimes(join(root, 'assets/kept'), old, old);
    expect(await s.sweepPartials()).toBe(1);
    expect((await readdir(join(root, 'assets'))).sort()).toEqual(['kept', 'starting-now']);
  });

  it('health fails when the root is missing', async () => {
    expect(await new LocalFsObjectStorage(join(root, 'missing')).health()).toMatchObject({ ok: false });
  });

  it.skipIf(noMount)('reports storage.full on a full volume and removes the partial', async () => {
    const s = new LocalFsObjectStorage(await tinyVolume('vol', '1m'));
    const err = await s.put('assets/f/original', generatedSource(4 * 1024 * 1024, 64 * 1024).stream).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'storage.full', message: expect.stringMatching(/full/) });
    expect(await filesUnder(join(root, 'vol'))).toEqual([]);
    expect((await s.health()).detail).toMatch(/free/);
  });

  it.skipIf(noMount)('putFile with move copies across filesystems (EXDEV) and removes the source', async () => {
    const elsewhere = await tinyVolume('other', '1m');
    const s = new LocalFsObjectStorage(join(root, 'objects'));
    const src = generatedSource(300_000);
    const srcPath = join(elsewhere, 'upload.bin');
    await writeFile(srcPath, await readAll(src.stream));
    expect(await s.putFile('assets/x/original', srcPath, { move: true })).toMatchObject({ sizeBytes: 300_000, sha256: src.sha256() });
    expect(await filesUnder(elsewhere)).toEqual([]);
    expect(await filesUnder(join(root, 'objects'))).toEqual(['assets/x/original']);
  });
});
