import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchFolder } from '@cutaway/shared';
import type { SeenFile, WatchFolderStore } from '../../src/ports/watch-folder-store';

let n = 0;
/** A valid watch folder; `createdAt` a second apart so list order is deterministic. */
export function makeWatchFolder(over: Partial<WatchFolder> = {}): WatchFolder {
  n += 1;
  return {
    id: `watch${String(n).padStart(6, '0')}`,
    path: `/media/drop/${n}`,
    recursive: false,
    settleMs: 2000,
    moveToPath: null,
    tags: [],
    enabled: true,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...over,
  };
}

/** What every WatchFolderStore adapter (SQLite, PostgreSQL) must do. */
export function runWatchFolderStoreContract(label: string, make: () => Promise<{ store: WatchFolderStore; close: () => Promise<void> }>) {
  describe(`WatchFolderStore contract: ${label}`, () => {
    let store: WatchFolderStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('creates and reads back the exact folder', async () => {
      const f = makeWatchFolder({ recursive: true, moveToPath: '/media/done', tags: ['wire', 'Sport'], enabled: false, settleMs: 500 });
      await store.create(f);
      expect(await store.get(f.id)).toEqual(f);
      expect(await store.get('missing000')).toBeNull();
    });

    it('lists oldest first', async () => {
      const made = [makeWatchFolder(), makeWatchFolder(), makeWatchFolder()];
      for (const f of [made[1]!, made[2]!, made[0]!]) await store.create(f);
      expect((await store.list()).map((f) => f.id)).toEqual(made.map((f) => f.id));
    });

    it('tells file versions apart by path, size and whole-ms mtime', async () => {
      const f = makeWatchFolder();
      await store.create(f);
      // Sizes past 4 GiB and real ms epochs: both overflow 32-bit integers.
      const file: SeenFile = { path: '/media/drop/clip.mxf', sizeBytes: 5 * 1024 ** 3, mtimeMs: 1_767_225_600_123.75 };
      expect(await store.hasSeen(f.id, file)).toBe(false);
      await store.markSeen(f.id, file, 'ingested', 'asset000001');
      expect(await store.hasSeen(f.id, file)).toBe(true);
      expect(await store.hasSeen(f.id, { ...file, mtimeMs: 1_767_225_600_123.1 })).toBe(true);
      expect(await store.hasSeen(f.id, { ...file, mtimeMs: 1_767_225_600_124 })).toBe(false);
      expect(await store.hasSeen(f.id, { ...file, sizeBytes: file.sizeBytes + 1 })).toBe(false);
      expect(await store.hasSeen(f.id, { ...file, path: '/media/drop/CLIP.mxf' })).toBe(false);
      const other = makeWatchFolder();
      await store.create(other);
      expect(await store.hasSeen(other.id, file)).toBe(false);
    });

    it('marking the same file version again replaces the outcome instead of failing', async () => {
      const f = makeWatchFolder();
      await store.create(f);
      const file: SeenFile = { path: '/media/drop/a.mov', sizeBytes: 10, mtimeMs: 1000 };
      await store.markSeen(f.id, file, 'failed', null);
      await store.markSeen(f.id, file, 'ingested', 'asset000002');
      await store.markSeen(f.id, file, 'duplicate', 'asset000002');
      expect(await store.hasSeen(f.id, file)).toBe(true);
    });

    it('deletes once, and the ledger goes with the folder', async () => {
      const f = makeWatchFolder();
      await store.create(f);
      const file: SeenFile = { path: '/media/drop/b.wav', sizeBytes: 1, mtimeMs: 1 };
      await store.markSeen(f.id, file, 'ingested', 'asset000003');
      expect(await store.delete(f.id)).toBe(true);
      expect(await store.delete(f.id)).toBe(false);
      expect(await store.get(f.id)).toBeNull();
      // Re-created with the same id, the folder starts with an empty ledger.
      await store.create(f);
      expect(await store.hasSeen(f.id, file)).toBe(false);
    });
  });
}
