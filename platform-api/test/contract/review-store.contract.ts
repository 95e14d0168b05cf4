import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewDestination, ReviewRequest, ReviewStatusRecord, StoredReviewMarker } from '@cutaway/shared';
import type { ReviewStore } from '../../src/ports/review-store';

const T0 = '2026-12-06T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

const destination = (id: string, createdAt = T0): ReviewDestination => ({
  id, name: `Dest ${id}`, accountId: 'acc-1', workspaceId: 'ws-1', projectId: 'proj-1', folderId: 'fold-1', shareLink: false, createdAt,
});

const request = (id: string, assetId: string, createdAt: string, over: Partial<ReviewRequest> = {}): ReviewRequest => ({
  id, assetId, familyId: assetId, destinationId: 'dest000001', rendition: 'proxy', inMs: null, outMs: null, cutInMs: null,
  state: 'queued', percent: 0, stage: null, attempts: 0, claimedBy: null, leaseUntil: null,
  frameio: { fileId: null, versionStackId: null, viewUrl: null, shareUrl: null }, failure: null, createdAt, updatedAt: createdAt, ...over,
});

const marker = (assetId: string, externalId: string, startMs: number): StoredReviewMarker => ({
  assetId, externalId, author: 'Ana Reviewer', text: `note ${externalId}`, startMs, endMs: startMs + 40, createdAt: T0, resolved: false,
  frame: Math.round(startMs / 40), replies: [{ author: 'Bo', text: 'agreed', createdAt: at(5) }], updatedAt: T0,
});

/** What every ReviewStore adapter must do. */
export function runReviewStoreContract(label: string, make: () => Promise<{ store: ReviewStore; close: () => Promise<void> }>) {
  describe(`ReviewStore contract: ${label}`, () => {
    let store: ReviewStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await make()));
    afterEach(async () => close());

    it('keeps destinations in creation order and deletes them', async () => {
      const b = destination('dest000002', at(2));
      const a = destination('dest000001', at(1));
      await store.createDestination(b);
      await store.createDestination(a);
      expect(await store.listDestinations()).toEqual([a, b]);
      expect(await store.getDestination('dest000002')).toEqual(b);
      expect(await store.getDestination('missing0001')).toBeNull();
      expect(await store.deleteDestination(a.id)).toBe(true);
      expect(await store.deleteDestination(a.id)).toBe(false);
      expect(await store.listDestinations()).toEqual([b]);
    });

    it('claims the oldest open request once, with a lease; its own worker re-claims at once, others after the lease', async () => {
      await store.createRequest(request('req0000002', 'asset00001', at(2)));
      await store.createRequest(request('req0000001', 'asset00001', at(1)));
      await store.createRequest(request('req0000003', 'asset00002', at(3), { state: 'done' }));
      const first = await store.claimRequest('bridge-a', at(10), at(70));
      expect(first).toMatchObject({ id: 'req0000001', claimedBy: 'bridge-a', leaseUntil: at(70), attempts: 1 });
      const second = await store.claimRequest('bridge-b', at(11), at(71));
      expect(second).toMatchObject({ id: 'req0000002', claimedBy: 'bridge-b', attempts: 1 });
      // Nothing else is open; done requests are never handed out.
      expect(await store.claimRequest('bridge-c', at(12), at(72))).toBeNull();
      // A restarted bridge-a gets its own request back before the lease ends.
      expect(await store.claimRequest('bridge-a', at(13), at(200))).toMatchObject({ id: 'req0000001', attempts: 2 });
      // After bridge-b's lease ran out, anyone may take its request.
      expect(await store.claimRequest('bridge-c', at(80), at(140))).toMatchObject({ id: 'req0000002', claimedBy: 'bridge-c', attempts: 2 });
      expect((await store.getRequest('req0000002'))?.claimedBy).toBe('bridge-c');
    });

    it('updates only while the caller holds the claim; finds by asset, Frame.io file and last delivery of a family', async () => {
      await store.createRequest(request('req0000001', 'asset00001', at(1)));
      const claimed = (await store.claimRequest('bridge-a', at(2), at(60)))!;
      const uploaded = { ...claimed, state: 'done' as const, percent: 100, frameio: { ...claimed.frameio, fileId: 'file-1' }, updatedAt: at(3) };
      expect(await store.updateRequest(uploaded, 'bridge-b')).toBe(false);
      expect((await store.getRequest(claimed.id))?.state).toBe('queued');
      expect(await store.updateRequest(uploaded, 'bridge-a')).toBe(true);
      expect(await store.getRequest(claimed.id)).toEqual(uploaded);
      await store.createRequest(request('req0000002', 'asset00009', at(5), { familyId: 'asset00001' }));
      expect((await store.listRequests({ assetId: 'asset00001' })).map((r) => r.id)).toEqual(['req0000001']);
      expect((await store.listRequests({ frameioFileId: 'file-1' })).map((r) => r.id)).toEqual(['req0000001']);
      expect(await store.listRequests({ frameioFileId: 'nope' })).toEqual([]);
      expect((await store.lastDelivered('asset00001', 'dest000001'))?.id).toBe('req0000001');
      expect(await store.lastDelivered('asset00001', 'dest000099')).toBeNull();
    });

    it('upserts, lists in media order and deletes markers per asset', async () => {
      await store.upsertMarker(marker('asset00001', 'c-2', 2000));
      await store.upsertMarker(marker('asset00001', 'c-1', 1000));
      await store.upsertMarker(marker('asset00002', 'c-1', 500));
      const edited = { ...marker('asset00001', 'c-2', 3000), text: 'edited', resolved: true };
      await store.upsertMarker(edited);
      expect((await store.listMarkers('asset00001')).map((m) => [m.externalId, m.startMs])).toEqual([['c-1', 1000], ['c-2', 3000]]);
      expect(await store.getMarker('asset00001', 'c-2')).toEqual(edited);
      expect(await store.deleteMarker('asset00001', 'c-2')).toBe(true);
      expect(await store.deleteMarker('asset00001', 'c-2')).toBe(false);
      expect(await store.getMarker('asset00001', 'c-2')).toBeNull();
      expect((await store.listMarkers('asset00002')).length).toBe(1);
    });

    it('keeps one status per asset version', async () => {
      const s: ReviewStatusRecord = { assetId: 'asset00001', status: 'in_review', label: 'Needs Review', by: 'frameio:user:u1', at: T0, source: 'frameio' };
      expect(await store.getStatus('asset00001')).toBeNull();
      await store.setStatus(s);
      await store.setStatus({ ...s, status: 'approved', label: 'Approved', at: at(9) });
      expect(await store.getStatus('asset00001')).toEqual({ ...s, status: 'approved', label: 'Approved', at: at(9) });
      expect(await store.getStatus('asset00002')).toBeNull();
    });
  });
}
