import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll } from '../contract/object-storage.contract.kit';
import { exited, spawnScript } from '../queue/child';
import { tieredAt } from './tiered';

const KEY = 'assets/a1/original';

/** Every file under `dir`, relative, sorted: what is on the disks, leftovers included. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  await walk(dir);
  return out.sort();
}

describe('tier moves between local volumes survive kill -9 at every step', () => {
  let root: string;
  const data = randomBytes(6 * 1024 * 1024);
  const sha = createHash('sha256').update(data).digest('hex');
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cutaway-tiermove-'));
    await tieredAt(root).put(KEY, Readable.from([data]));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it.each(['mid-copy', 'copied', 'switched', 'cleaned'])('killed at %s: the original stays readable, and the rerun leaves exactly one verified copy', async (step) => {
    const victim = spawnScript('../archive/tier-move.child.ts', [root, KEY, 'nearline', sha, step]);
    const { signal } = await exited(victim);
    expect(signal, victim.stderrText()).toBe('SIGKILL');

    // Right after the crash: whichever copy the record names is whole.
    const storage = tieredAt(root);
    expect(createHash('sha256').update(await readAll(await storage.read(KEY))).digest('hex')).toBe(sha);

    // The job runs again (as the durable queue would), then start-up sweeps crash leftovers.
    await storage.setTier(KEY, 'nearline', { sha256: sha });
    await storage.sweepPartials(0);
    expect(await files(root)).toEqual(['nearline/assets/a1/original', 'tiers/assets/a1/original.tier.json']);
    expect(createHash('sha256').update(await readAll(await storage.read(KEY))).digest('hex')).toBe(sha);
  });

  it('stops a move whose copy does not match the ingest checksum, keeping the original where it was', async () => {
    const storage = tieredAt(root);
    await expect(storage.setTier(KEY, 'archive', { sha256: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'storage.checksum_mismatch' });
    expect(await files(root)).toEqual(['online/assets/a1/original']);
    expect((await readAll(await storage.read(KEY))).equals(data)).toBe(true);
  });

  it('moves online → nearline → archive, needs a restore to leave archive, and reports progress', async () => {
    const seen: number[] = [];
    const storage = tieredAt(root);
    await storage.setTier(KEY, 'nearline', { sha256: sha, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toBe(100);
    expect(seen.length).toBeGreaterThan(2);
    await storage.setTier(KEY, 'archive', { sha256: sha });
    expect(await files(root)).toEqual(['archive/assets/a1/original', 'tiers/assets/a1/original.tier.json']);
    await expect(storage.setTier(KEY, 'online')).rejects.toMatchObject({ code: 'asset.not_ready' });
    await storage.restore(KEY, { days: 1 });
    await storage.setTier(KEY, 'online', { sha256: sha });
    expect(await files(root)).toEqual(['online/assets/a1/original']);
    expect((await readAll(await storage.read(KEY))).equals(data)).toBe(true);
  });

  it('a restore from the archive volume takes the configured latency, then expires', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const storage = tieredAt(root, { clock: { now: () => new Date(now) }, restoreLatencyMs: 30 * 60_000 });
    await storage.setTier(KEY, 'archive', { sha256: sha });
    await storage.restore(KEY, { days: 2 });
    expect(await storage.restoreStatus(KEY)).toEqual({ state: 'in_progress', expiresAt: null });
    await storage.restore(KEY, { days: 2 }); // asked again while running: the ETA does not move
    now += 30 * 60_000;
    expect(await storage.restoreStatus(KEY)).toEqual({ state: 'restored', expiresAt: '2026-12-03T10:30:00.000Z' });
    now += 2 * 86_400_000;
    expect(await storage.restoreStatus(KEY)).toEqual({ state: 'none', expiresAt: null });
  });
});
