import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, NO_RESTORE, type Asset } from '@cutaway/shared';
import type { AssetStore } from '../../src/ports/asset-store';

let n = 0;
/** A valid asset; `createdAt` spaced a second apart so ordering is deterministic. */
export function makeAsset(over: Partial<Asset> = {}): Asset {
  n += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    id: `asset${String(n).padStart(6, '0')}`,
    title: `Asset ${n}`,
    description: '',
    tags: [],
    type: 'video',
    status: 'processing',
    failure: null,
    fileName: `clip${n}.mp4`,
    mime: 'video/mp4',
    sizeBytes: 1000 + n,
    sha256: n.toString(16).padStart(64, '0'),
    technical: null,
    renditions: [],
    storageTier: 'online',
    restore: NO_RESTORE,
    tierMove: null,
    lastUsedAt: null,
    version: 1,
    versionOf: null,
    origin: { kind: 'upload', ref: null },
    enrichment: {},
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

/** What every AssetStore adapter (SQLite now, PostgreSQL next) must do. */
export function runAssetStoreContract(label: string, make: () => Promise<{ store: AssetStore; close: () => Promise<void> }>) {
  describe(`AssetStore contract: ${label}`, () => {
    let store: AssetStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('creates and reads back the exact asset', async () => {
      const a = makeAsset({ tags: ['news', 'Weather'], technical: { container: 'mov,mp4', durationMs: 60000, rate: { num: 30000, den: 1001 }, dropFrame: true, startTimecode: '01:00:00;00', width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48000, bitRate: 8_000_000 } });
      await store.create(a);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.get('missing000')).toBeNull();
    });

    it('getMany keeps the requested order and skips unknown ids', async () => {
      const [a, b, c] = [makeAsset(), makeAsset(), makeAsset()];
      for (const x of [a, b, c]) await store.create(x);
      expect((await store.getMany([c.id, 'nope000000', a.id])).map((x) => x.id)).toEqual([c.id, a.id]);
      expect(await store.getMany([])).toEqual([]);
    });

    it('finds by checksum, ignoring failed assets', async () => {
      const sha = 'ab'.repeat(32);
      const failed = makeAsset({ sha256: sha, status: 'failed', failure: { code: 'media.probe_failed', message: 'x' } });
      const ok = makeAsset({ sha256: sha });
      await store.create(failed);
      expect(await store.findBySha256(sha)).toBeNull();
      await store.create(ok);
      expect((await store.findBySha256(sha))?.id).toBe(ok.id);
    });

    it('lists newest first with filters and a cursor that neither skips nor repeats', async () => {
      const made = [];
      for (let i = 0; i < 7; i++) made.push(makeAsset({ type: i % 2 ? 'image' : 'video', status: i < 3 ? 'ready' : 'processing', tags: i === 4 ? ['flood'] : [] }));
      for (const a of made) await store.create(a);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(made.map((a) => a.id).reverse());
      expect((await store.list({ limit: 50, type: 'image' })).items).toHaveLength(3);
      expect((await store.list({ limit: 50, status: 'ready' })).items).toHaveLength(3);
      expect((await store.list({ limit: 50, tag: 'FLOOD' })).items.map((a) => a.id)).toEqual([made[4]!.id]);
    });

    it('rejects a forged cursor with request.invalid', async () => {
      await expect(store.list({ limit: 5, cursor: 'not-a-cursor' })).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
    });

    it('updates fields, tags and updatedAt; unknown ids are asset.not_found', async () => {
      const a = makeAsset({ tags: ['old'] });
      await store.create(a);
      const next = await store.update(a.id, { title: 'New', tags: ['new'], status: 'ready' });
      expect(next).toMatchObject({ title: 'New', tags: ['new'], status: 'ready', createdAt: a.createdAt });
      expect(next.updatedAt > a.updatedAt).toBe(true);
      expect((await store.list({ limit: 10, tag: 'old' })).items).toEqual([]);
      expect((await store.list({ limit: 10, tag: 'new' })).items).toHaveLength(1);
      await expect(store.update('missing000', { title: 'x' })).rejects.toSatisfy((e) => isAppError(e, 'asset.not_found'));
    });

    it('deletes once', async () => {
      const a = makeAsset();
      await store.create(a);
      expect(await store.delete(a.id)).toBe(true);
      expect(await store.delete(a.id)).toBe(false);
      expect(await store.get(a.id)).toBeNull();
    });
  });
}
