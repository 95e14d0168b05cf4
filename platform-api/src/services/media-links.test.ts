import { describe, expect, it } from 'vitest';
import { NO_RESTORE } from '@cutaway/shared';
import { makeAsset } from '../../test/contract/asset-store.contract';
import { originalReadable } from './media-links';

describe('originalReadable: what the signed original link and the MOS objAir rely on', () => {
  it('is false only for an archived original without a readable copy', () => {
    expect(originalReadable(makeAsset())).toBe(true);
    expect(originalReadable(makeAsset({ storageTier: 'nearline' }))).toBe(true);
    expect(originalReadable(makeAsset({ storageTier: 'archive' }))).toBe(false);
    expect(originalReadable(makeAsset({ storageTier: 'archive', restore: { ...NO_RESTORE, state: 'in_progress' } }))).toBe(false);
    expect(originalReadable(makeAsset({ storageTier: 'archive', restore: { ...NO_RESTORE, state: 'restored' } }))).toBe(true);
    // Engines that keep archived objects readable (Ceph RGW): nothing to restore, readable as it is.
    expect(originalReadable(makeAsset({ storageTier: 'archive', restore: { ...NO_RESTORE, state: 'not_needed' } }))).toBe(true);
  });
});
