import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveStorage } from '../../src/ports/archive-storage';

export interface ArchiveHarness {
  archive: ArchiveStorage;
  /** Stores an object the way every put does (online), for the tests to tier. */
  putObject(key: string, data: Buffer): Promise<void>;
  /** Lets requested restores finish: S3 takes hours, a fake finishes on demand, local ones are done at once. */
  finishRestores(): Promise<void>;
  close(): Promise<void>;
}

/** The ArchiveStorage contract, run on every engine so the archive service sees one behaviour. */
/**
 * `archivedReadable`: the engine keeps archived objects readable (Ceph RGW), so nothing is ever restored and
 * restoreStatus says not_needed; otherwise archived objects need a restore (AWS Glacier semantics, local disk).
 */
export function runArchiveStorageContract(label: string, make: () => Promise<ArchiveHarness>, options: { archivedReadable?: boolean } = {}): void {
  const readable = options.archivedReadable ?? false;
  describe(`ArchiveStorage contract: ${label}`, () => {
    let h: ArchiveHarness;
    let a: ArchiveStorage;
    beforeEach(async () => {
      h = await make();
      a = h.archive;
      await h.putObject('assets/a1/original', Buffer.from('media bytes'));
    });
    afterEach(() => h.close());
    const code = (c: string) => expect.objectContaining({ code: c });
    const DAY = 86_400_000;

    it('starts online with no restore; nearline needs none either', async () => {
      expect(await a.restoreStatus('assets/a1/original')).toEqual({ state: 'none', expiresAt: null });
      await expect(a.restore('assets/a1/original', { days: 1 })).rejects.toEqual(code('request.invalid'));
      await a.setTier('assets/a1/original', 'online'); // the tier it has: nothing to do
      await a.setTier('assets/a1/original', 'nearline');
      await a.setTier('assets/a1/original', 'nearline');
      await expect(a.restore('assets/a1/original', { days: 1 })).rejects.toEqual(code('request.invalid'));
      await a.setTier('assets/a1/original', 'online');
      expect(await a.restoreStatus('assets/a1/original')).toEqual({ state: 'none', expiresAt: null });
    });

    // Only the behaviour of this engine's kind is registered, so nothing shows up as skipped.
    if (readable) it('archives; the object stays readable, so no restore is needed or made', async () => {
      const key = 'assets/a1/original';
      await a.setTier(key, 'archive');
      await a.setTier(key, 'archive');
      expect(await a.restoreStatus(key)).toEqual({ state: 'not_needed', expiresAt: null });
      await a.restore(key, { days: 3 }); // nothing to do, and not an error
      expect(await a.restoreStatus(key)).toEqual({ state: 'not_needed', expiresAt: null });
      await a.setTier(key, 'nearline'); // leaves archive without a restore
      expect(await a.restoreStatus(key)).toEqual({ state: 'none', expiresAt: null });
      await a.setTier(key, 'archive');
      await a.setTier(key, 'online');
      expect(await a.restoreStatus(key)).toEqual({ state: 'none', expiresAt: null });
    });

    else it('archives, restores for a number of days, and brings the object back online', async () => {
      const key = 'assets/a1/original';
      await a.setTier(key, 'archive');
      expect(await a.restoreStatus(key)).toEqual({ state: 'none', expiresAt: null });
      await expect(a.setTier(key, 'online')).rejects.toEqual(code('asset.not_ready'));
      await a.restore(key, { days: 3 });
      expect(['in_progress', 'restored']).toContain((await a.restoreStatus(key)).state);
      await a.restore(key, { days: 3, speed: 'bulk' }); // idempotent while it runs, or extends once done
      await h.finishRestores();
      const done = await a.restoreStatus(key);
      expect(done.state).toBe('restored');
      const left = Date.parse(done.expiresAt!) - Date.now();
      expect(left).toBeGreaterThan(3 * DAY - 60_000);
      expect(left).toBeLessThanOrEqual(4 * DAY);
      await a.setTier(key, 'online');
      expect(await a.restoreStatus(key)).toEqual({ state: 'none', expiresAt: null });
    });

    it('refuses missing objects, bad keys and bad day counts', async () => {
      for (const call of [() => a.setTier('nope', 'archive'), () => a.restore('nope', { days: 1 }), () => a.restoreStatus('nope')]) {
        await expect(call()).rejects.toEqual(code('storage.not_found'));
      }
      for (const key of ['../x', '', 'a//b']) await expect(a.restoreStatus(key)).rejects.toEqual(code('storage.key_invalid'));
      await a.setTier('assets/a1/original', 'archive');
      for (const days of [0, -1, 1.5, Number.NaN]) await expect(a.restore('assets/a1/original', { days })).rejects.toEqual(code('request.invalid'));
    });
  });
}
