import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VocabularyEntry } from '@cutaway/shared';
import type { VocabularyStore } from '../../src/ports/vocabulary-store';

const entry = (id: string, terms: string[], at: string): VocabularyEntry => ({ id, terms, note: '', createdAt: at, updatedAt: at });

/** What every VocabularyStore adapter must do. */
export function runVocabularyStoreContract(label: string, make: () => Promise<{ store: VocabularyStore; close: () => Promise<void> }>) {
  describe(`VocabularyStore contract: ${label}`, () => {
    let store: VocabularyStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await make()));
    afterEach(async () => close());

    it('creates, lists in creation order, replaces and deletes', async () => {
      const b = entry('vocab00002', ['Sjöberg', 'Sjoberg'], '2026-01-02T00:00:00.000Z');
      const a = entry('vocab00001', ['Harbor Bridge', 'Old Port Crossing'], '2026-01-01T00:00:00.000Z');
      await store.create(b);
      await store.create(a);
      expect(await store.list()).toEqual([a, b]);
      expect(await store.get('vocab00002')).toEqual(b);
      expect(await store.get('missing001')).toBeNull();
      const edited = { ...a, terms: ['Harbor Bridge', 'Port Bridge'], updatedAt: '2026-02-01T00:00:00.000Z' };
      expect(await store.replace(edited)).toBe(true);
      expect(await store.get(a.id)).toEqual(edited);
      expect(await store.replace(entry('missing001', ['x1', 'y1'], a.createdAt))).toBe(false);
      expect(await store.delete(a.id)).toBe(true);
      expect(await store.delete(a.id)).toBe(false);
      expect(await store.list()).toEqual([b]);
    });
  });
}
