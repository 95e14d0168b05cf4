import { describe, expect, it } from 'vitest';
import { NO_RESTORE, type Asset, type MediaLinks } from '@cutaway/shared';
import { airStatus } from './air-status';
import { toMosObject } from './objects';

const asset = (over: Partial<Asset> = {}): Asset => ({
  id: 'asset000001', title: 'HARBOR BRIDGE', description: 'Storm damage', tags: [], type: 'video', status: 'ready', failure: null, fileName: 'harbor.mp4',
  mime: 'video/mp4', sizeBytes: 1000, sha256: '0'.repeat(64), technical: null, renditions: [], storageTier: 'online', restore: NO_RESTORE, tierMove: null,
  lastUsedAt: null, version: 1, versionOf: null, origin: { kind: 'upload', ref: null }, enrichment: {}, createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:00.000Z',
  ...over,
});
const links = (originalReadable = true): MediaLinks => ({ assetId: 'asset000001', expiresAt: '2026-12-07T10:00:00.000Z', original: 'http://x/a.mp4', proxy: null, thumbnail: null, originalReadable });

describe('airStatus: READY, or NOT READY with a reason a journalist can act on', () => {
  it('names the reason for each state', () => {
    expect(airStatus(asset(), links())).toEqual({ air: 'READY', reason: null });
    expect(airStatus(asset({ status: 'placeholder' }), links(false)).reason).toMatch(/^placeholder/);
    expect(airStatus(asset({ status: 'processing' }), links()).reason).toMatch(/still being processed/);
    expect(airStatus(asset({ status: 'failed', failure: { code: 'media.unreadable', message: 'not a video' } }), links()).reason).toBe('ingest failed: not a video');
    expect(airStatus(asset({ storageTier: 'archive' }), links(false)).reason).toBe('original archived: no restore requested');
    const running = { ...NO_RESTORE, state: 'in_progress' as const, etaAt: '2026-12-06T20:00:00.000Z', neededBy: '2026-12-06T22:00:00.000Z' };
    expect(airStatus(asset({ storageTier: 'archive', restore: running }), links(false)).reason).toBe('original archived: restore under way, expected at 2026-12-06T20:00:00Z');
    expect(airStatus(asset({ storageTier: 'archive', restore: { ...running, neededBy: '2026-12-06T18:00:00.000Z', late: true } }), links(false)).reason)
      .toBe('restore late: the original is expected at 2026-12-06T20:00:00Z, needed by 2026-12-06T18:00:00Z');
    // Restored, or an engine that keeps archived originals readable: READY.
    expect(airStatus(asset({ storageTier: 'archive', restore: { ...running, state: 'restored' } }), links()).air).toBe('READY');
    expect(airStatus(asset({ storageTier: 'archive', restore: { ...NO_RESTORE, state: 'not_needed' } }), links()).air).toBe('READY');
    expect(airStatus(asset(), null).reason).toMatch(/links could not be read/);
  });

  it('puts the reason in the mosObj: objAir NOT READY, description first, and <notReadyReason> in the metadata', () => {
    const obj = toMosObject(asset({ storageTier: 'archive' }), { links: links(false), momentCount: 0 });
    expect(obj.objAir).toBe('NOT READY');
    expect(obj.description).toBe('NOT READY: original archived: no restore requested — Storm damage');
    expect(obj.mem[0]!.payload).toContain('<notReadyReason>original archived: no restore requested</notReadyReason>');
    const ready = toMosObject(asset(), { links: links(), momentCount: 0 });
    expect(ready.description).toBe('Storm damage');
    expect(ready.mem[0]!.payload).not.toContain('notReadyReason');
  });
});
