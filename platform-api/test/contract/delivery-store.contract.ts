import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, Delivery, Render, Selection } from '@cutaway/shared';
import type { DeliveryStore } from '../../src/ports/delivery-store';

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
  createdAt: T0, approvedAt: null, expiresAt: '2026-12-07T10:00:00.000Z', ...over,
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
      expect(await store.approvePending(first)).toBe(true);
      expect(await store.approvePending(second)).toBe(false);
      expect((await store.getApproval(a.id))?.approvedBy?.name).toBe('Ana');
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
