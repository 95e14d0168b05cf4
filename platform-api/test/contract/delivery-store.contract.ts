import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, Delivery, Render, Selection } from '@cutaway/shared';
import type { DeliveryStore, StoredApprovalQuery } from '../../src/ports/delivery-store';

const T0 = '2026-12-06T10:00:00.000Z';
const HASH = 'a'.repeat(64);

const selection: Selection = { id: 'sel0000001', title: 'storm', items: [{ assetId: 'asset00001', inMs: 0, outMs: 4000 }], durationMs: 4000, warnings: [], ownerId: 'tok0000001', createdAt: T0 };
const render = (id: string, over: Partial<Render> = {}): Render => ({
  id, jobId: 'job0000001', selectionId: selection.id,
  request: { selectionId: selection.id, profileId: 'reels-9x16', reframe: 'auto', captions: 'burn', watermarkId: null, loudness: null },
  outputSpec: { width: 1080, height: 1920, fps: 30, videoCodec: 'h264', audioCodec: 'aac', audioSampleRate: 48000, container: 'mp4', integratedLufs: -16, truePeakDbtp: -1.5, durationMs: 4000 },
  status: 'queued', percent: 0, stage: null, output: null, error: null, ownerId: 'tok0000001', createdAt: T0, updatedAt: T0, ...over,
});
const approval = (id: string, over: Partial<Approval> = {}): Approval => ({
  id, renderId: 'rnd0000001', destinationId: 'newsroom-folder', metadata: { title: 'Storm', description: '', tags: ['weather'] },
  renderSha256: HASH, binding: 'b'.repeat(64), status: 'pending', requestedBy: { id: 'tok0000001', name: 'agent' }, approvedBy: null,
  createdAt: T0, approvedAt: null, expiresAt: '2026-12-07T10:00:00.000Z', declinedBy: null, declinedAt: null, declineReason: null, ...over,
});
const delivery = (id: string, approvalId: string): Delivery => ({
  id, approvalId, renderId: 'rnd0000001', destinationId: 'newsroom-folder', status: 'running', receipt: null, error: null, attempts: 1, createdAt: T0, updatedAt: T0,
});

/** What every DeliveryStore adapter must do. */
export function runDeliveryStoreContract(label: string, make: () => Promise<{ store: DeliveryStore; close: () => Promise<void> }>) {
  describe(`DeliveryStore contract: ${label}`, () => {
    let store: DeliveryStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await make()));
    afterEach(async () => close());

    it('keeps selections and renders, and replaces a render in place', async () => {
      await store.createSelection(selection);
      expect(await store.getSelection(selection.id)).toEqual(selection);
      expect(await store.getSelection('missing0001')).toBeNull();
      const r = render('rnd0000001');
      await store.createRender(r);
      expect(await store.getRender(r.id)).toEqual(r);
      const done = { ...r, status: 'done' as const, percent: 100 };
      expect(await store.updateRender(done)).toBe(true);
      expect(await store.getRender(r.id)).toEqual(done);
      expect(await store.updateRender(render('rnd0000009'))).toBe(false);
    });

    it('approves a pending approval once: the second approver loses', async () => {
      const a = approval('apr0000001');
      await store.createApproval(a);
      expect(await store.getApproval(a.id)).toEqual(a);
      const first = { ...a, status: 'approved' as const, approvedBy: { id: 'tok0000002', name: 'Ana' }, approvedAt: T0 };
      const second = { ...a, status: 'approved' as const, approvedBy: { id: 'tok0000003', name: 'Bo' }, approvedAt: T0 };
      expect(await store.decidePending(first)).toBe(true);
      expect(await store.decidePending(second)).toBe(false);
      expect((await store.getApproval(a.id))?.approvedBy?.name).toBe('Ana');
    });

    it('declines a pending approval once, and never one already approved', async () => {
      const a = approval('apr0000001');
      await store.createApproval(a);
      const declined = { ...a, status: 'declined' as const, declinedBy: { id: 'tok0000002', name: 'Ana' }, declinedAt: T0, declineReason: 'wrong caption' };
      expect(await store.decidePending(declined)).toBe(true);
      expect(await store.getApproval(a.id)).toEqual(declined);
      expect(await store.decidePending({ ...a, status: 'approved', approvedBy: { id: 'tok0000003', name: 'Bo' }, approvedAt: T0 })).toBe(false);
      expect((await store.getApproval(a.id))?.status).toBe('declined');
    });

    it('lists approvals newest first by status, split at now, per requester, a page at a time', async () => {
      const at = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
      const NOW = at(100);
      // apr1..apr6 created a minute apart; apr2 expired before NOW; apr3 approved; apr4 declined; apr5 by another requester.
      // apr6 and apr7 share a creation time: the id breaks the tie.
      const made = [
        approval('apr0000001', { createdAt: at(1), expiresAt: at(200) }),
        approval('apr0000002', { createdAt: at(2), expiresAt: at(50) }),
        approval('apr0000003', { createdAt: at(3), expiresAt: at(50), status: 'approved', approvedBy: { id: 'tok0000002', name: 'Ana' }, approvedAt: at(4) }),
        approval('apr0000004', { createdAt: at(4), expiresAt: at(200), status: 'declined', declinedBy: { id: 'tok0000002', name: 'Ana' }, declinedAt: at(5), declineReason: null }),
        approval('apr0000005', { createdAt: at(5), expiresAt: at(200), requestedBy: { id: 'tok0000009', name: 'Zed' } }),
        approval('apr0000006', { createdAt: at(6), expiresAt: NOW }),
        approval('apr0000007', { createdAt: at(6), expiresAt: at(200) }),
      ];
      for (const a of made) await store.createApproval(a);
      const ids = async (q: Partial<StoredApprovalQuery>) => (await store.listApprovals({ status: 'all', now: NOW, limit: 50, ...q })).items.map((a) => a.id.slice(-1));
      expect(await ids({})).toEqual(['7', '6', '5', '4', '3', '2', '1']);
      // Expiry is exclusive of `now`: an approval that expires at this instant is expired.
      expect(await ids({ status: 'pending' })).toEqual(['7', '5', '1']);
      expect(await ids({ status: 'expired' })).toEqual(['6', '2']);
      expect(await ids({ status: 'approved' })).toEqual(['3']);
      expect(await ids({ status: 'declined' })).toEqual(['4']);
      expect(await ids({ status: 'pending', requestedBy: 'tok0000009' })).toEqual(['5']);
      expect(await ids({ requestedBy: 'tok0000001' })).toEqual(['7', '6', '4', '3', '2', '1']);
      expect(await ids({ status: 'pending', now: at(300) })).toEqual([]);
      // Whole documents come back.
      expect((await store.listApprovals({ status: 'approved', now: NOW, limit: 5 })).items).toEqual([made[2]]);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listApprovals({ status: 'all', now: NOW, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((a) => a.id.slice(-1)));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(seen).toEqual(['7', '6', '5', '4', '3', '2', '1']);
      expect(pages).toBe(4);
      const pending = await store.listApprovals({ status: 'pending', now: NOW, limit: 1 });
      const rest = await store.listApprovals({ status: 'pending', now: NOW, limit: 5, cursor: pending.nextCursor! });
      expect([...pending.items, ...rest.items].map((a) => a.id.slice(-1))).toEqual(['7', '5', '1']);
      expect(rest.nextCursor).toBeNull();
      await expect(store.listApprovals({ status: 'all', now: NOW, limit: 5, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'request.invalid' });
    });

    it('stores one delivery per approval, returning the first to every later call', async () => {
      const first = delivery('dlv0000001', 'apr0000001');
      expect(await store.createDeliveryOnce(first)).toEqual({ delivery: first, created: true });
      const again = await store.createDeliveryOnce(delivery('dlv0000002', 'apr0000001'));
      expect(again).toEqual({ delivery: first, created: false });
      expect(await store.getDelivery('dlv0000002')).toBeNull();
      const done = { ...first, status: 'done' as const, receipt: 'storm.mp4' };
      await store.updateDelivery(done);
      expect(await store.getDelivery(first.id)).toEqual(done);
      const [a, b] = await Promise.all([store.createDeliveryOnce(delivery('dlv0000003', 'apr0000002')), store.createDeliveryOnce(delivery('dlv0000004', 'apr0000002'))]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.delivery.id).toBe(b.delivery.id);
    });
  });
}
