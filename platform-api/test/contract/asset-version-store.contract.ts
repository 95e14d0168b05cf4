import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import type { AssetStore } from '../../src/ports/asset-store';
import type { AssetVersionStore } from '../../src/ports/asset-version-store';
import { makeAsset } from './asset-store.contract';

/** What every AssetVersionStore adapter (SQLite, PostgreSQL) must do. */
export function runAssetVersionStoreContract(
  label: string,
  make: () => Promise<{ assets: AssetStore; versions: AssetVersionStore; close: () => Promise<void> }>,
) {
  describe(`AssetVersionStore contract: ${label}`, () => {
    let assets: AssetStore;
    let versions: AssetVersionStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ assets, versions, close } = await make());
    });
    afterEach(async () => close());

    it('numbers versions n+1 from the first version, whatever it is given', async () => {
      const v1 = makeAsset({ type: 'image', tags: ['Flood'] });
      await assets.create(v1);
      const v2 = await versions.createVersion(makeAsset({ version: 7, versionOf: 'bogus00000', tags: ['flood', 'edit'] }), v1.id);
      expect([v2.version, v2.versionOf]).toEqual([2, v1.id]);
      const v3 = await versions.createVersion(makeAsset(), v1.id);
      expect([v3.version, v3.versionOf]).toEqual([3, v1.id]);
      // The stored row is the returned one, tags included (the tag filter finds it).
      expect(await assets.get(v2.id)).toEqual(v2);
      expect((await assets.list({ tag: 'edit', limit: 10 })).items.map((a) => a.id)).toEqual([v2.id]);
    });

    it('lists each chain oldest first, several chains at once, and nothing for unknown ids', async () => {
      const a1 = makeAsset();
      const b1 = makeAsset();
      const lone = makeAsset();
      for (const x of [a1, b1, lone]) await assets.create(x);
      const a2 = await versions.createVersion(makeAsset(), a1.id);
      const b2 = await versions.createVersion(makeAsset(), b1.id);
      const a3 = await versions.createVersion(makeAsset(), a1.id);
      const got = await versions.chains([b1.id, a1.id, lone.id, 'unknown000']);
      const byChain = (first: string) => got.filter((x) => (x.versionOf ?? x.id) === first).map((x) => [x.id, x.version]);
      expect(byChain(a1.id)).toEqual([[a1.id, 1], [a2.id, 2], [a3.id, 3]]);
      expect(byChain(b1.id)).toEqual([[b1.id, 1], [b2.id, 2]]);
      expect(byChain(lone.id)).toEqual([[lone.id, 1]]);
      expect(got).toHaveLength(6);
      expect(await versions.chains([])).toEqual([]);
    });

    it('refuses an unknown first version and a first id that is itself a later version, storing nothing', async () => {
      const extra = makeAsset();
      await expect(versions.createVersion(extra, 'missing000')).rejects.toSatisfy((e) => isAppError(e, 'asset.not_found'));
      const v1 = makeAsset();
      await assets.create(v1);
      const v2 = await versions.createVersion(makeAsset(), v1.id);
      await expect(versions.createVersion(extra, v2.id)).rejects.toSatisfy((e) => isAppError(e, 'request.invalid'));
      expect(await assets.get(extra.id)).toBeNull();
    });

    it('gives concurrent pushes distinct consecutive numbers', async () => {
      const v1 = makeAsset();
      await assets.create(v1);
      const made = await Promise.all(Array.from({ length: 6 }, () => versions.createVersion(makeAsset(), v1.id)));
      expect(made.map((a) => a.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);
    });

    it('keeps the chain when a middle version is deleted and numbers after the highest', async () => {
      const v1 = makeAsset();
      await assets.create(v1);
      const v2 = await versions.createVersion(makeAsset(), v1.id);
      const v3 = await versions.createVersion(makeAsset(), v1.id);
      await assets.delete(v2.id);
      const v4 = await versions.createVersion(makeAsset(), v1.id);
      expect((await versions.chains([v1.id])).map((a) => a.version)).toEqual([1, 3, 4]);
      expect(v4.version).toBe(v3.version + 1);
    });
  });
}
