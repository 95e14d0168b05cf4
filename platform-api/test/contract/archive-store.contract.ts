import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchivePolicy, RestoreRecord } from '@cutaway/shared';
import type { ArchiveStore } from '../../src/ports/archive-store';

const policy = (id: string, at: string, over: Partial<ArchivePolicy> = {}): ArchivePolicy => ({
  id, name: `policy ${id}`, enabled: true, targetTier: 'archive', rules: { minAgeDays: 90, tagsNone: ['keep'] }, everyMinutes: 1440,
  restoreOnUse: false, createdAt: at, updatedAt: at, lastRunAt: null, lastRun: null, ...over,
});
const restore = (assetId: string, at: string): RestoreRecord => ({ assetId, tier: 'archive', bytes: 1000, speed: 'standard', requestedAt: at });

/** What every ArchiveStore adapter must do. */
export function runArchiveStoreContract(label: string, make: () => Promise<{ store: ArchiveStore; close: () => Promise<void> }>) {
  describe(`ArchiveStore contract: ${label}`, () => {
    let store: ArchiveStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await make()));
    afterEach(async () => close());

    it('saves, lists in creation order, replaces by id and deletes policies', async () => {
      const b = policy('policy0002', '2026-01-02T00:00:00.000Z', { targetTier: 'nearline', rules: { types: ['video'], notAiringWithinDays: 3 } });
      const a = policy('policy0001', '2026-01-01T00:00:00.000Z');
      await store.savePolicy(b);
      await store.savePolicy(a);
      expect(await store.listPolicies()).toEqual([a, b]);
      const ran = { ...a, lastRunAt: '2026-03-01T00:00:00.000Z', lastRun: { assets: 3, bytes: 12_345_678_901 } };
      await store.savePolicy(ran);
      expect(await store.getPolicy(a.id)).toEqual(ran);
      expect(await store.listPolicies()).toHaveLength(2);
      expect(await store.getPolicy('missing001')).toBeNull();
      expect(await store.deletePolicy(a.id)).toBe(true);
      expect(await store.deletePolicy(a.id)).toBe(false);
      expect(await store.listPolicies()).toEqual([b]);
    });

    it('keeps the restore log and reads it from a point in time, oldest first', async () => {
      await store.addRestore(restore('asset00003', '2026-03-02T10:00:00.000Z'));
      await store.addRestore(restore('asset00001', '2026-02-27T10:00:00.000Z'));
      await store.addRestore(restore('asset00002', '2026-03-01T00:00:00.000Z'));
      await store.addRestore(restore('asset00002', '2026-03-01T00:00:00.000Z'));
      const since = await store.restoresSince(new Date('2026-03-01T00:00:00.000Z'));
      expect(since.map((r) => r.assetId)).toEqual(['asset00002', 'asset00002', 'asset00003']);
      expect(since[2]).toEqual(restore('asset00003', '2026-03-02T10:00:00.000Z'));
      expect(await store.restoresSince(new Date('2027-01-01T00:00:00.000Z'))).toEqual([]);
    });
  });
}
