import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { isAppError, type AuditRecord } from '@cutaway/shared';
import { ADMIN, eventually, inProcessPlatform } from './in-process';

/** Issue 7 "Access": every write is in the audit trail, readable by admins with filters (here on SQLite; the store contract runs on both engines). */
describe('audit trail over HTTP (typed client, real platform)', () => {
  let p: Awaited<ReturnType<typeof inProcessPlatform>>;
  let admin: CutawayClient;
  let editor: CutawayClient;
  let editorId: string;
  let viewer: CutawayClient;

  beforeAll(async () => {
    p = await inProcessPlatform();
    admin = new CutawayClient({ baseUrl: p.url, token: ADMIN });
    const e = await admin.createToken({ name: 'Desk editor Åsa', role: 'editor' });
    editorId = e.id;
    editor = new CutawayClient({ baseUrl: p.url, token: e.token });
    viewer = new CutawayClient({ baseUrl: p.url, token: (await admin.createToken({ name: 'wall screen', role: 'viewer' })).token });
  });
  afterAll(async () => p?.close());

  /** Records are written once the answer has gone out: wait (bounded) for `n` of them to match. */
  const trail = async (filter: Parameters<CutawayClient['listAudit']>[0], n: number): Promise<AuditRecord[]> =>
    eventually(async () => {
      const page = await admin.listAudit(filter);
      return page.items.length >= n ? page.items : null;
    });

  it('records who, what, which asset, from where, when and how it ended; reads are not recorded', async () => {
    const before = new Date().toISOString();
    const asset = await editor.uploadAsset(new Blob([Buffer.from('audit me')]), { fileName: 'a.mp4', title: 'Harbour' });
    await editor.patchAsset(asset.id, { title: 'Harbour at night' });
    await editor.getAsset(asset.id);
    await editor.listAssets();
    await expect(editor.patchAsset('nosuchasset1', { title: 'x' })).rejects.toSatisfy((e) => isAppError(e, 'asset.not_found'));
    await editor.deleteAsset(asset.id);

    const records = await trail({ tokenId: editorId }, 4);
    expect(records.map((r) => [r.action, r.status, r.assetId])).toEqual([
      ['DELETE /api/v1/assets/:id', 204, asset.id],
      ['PATCH /api/v1/assets/:id', 404, 'nosuchasset1'],
      ['PATCH /api/v1/assets/:id', 200, asset.id],
      ['POST /api/v1/assets', 201, asset.id],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({ tokenId: editorId, tokenName: 'Desk editor Åsa', channel: 'http' });
      expect(r.remoteAddress).toMatch(/127\.0\.0\.1$/);
      expect(r.at >= before).toBe(true);
      expect(r.details?.requestId).toEqual(expect.any(String));
    }
  });

  it('filters by asset and action, and pages with a cursor', async () => {
    const a = await editor.uploadAsset(new Blob([Buffer.from('filter me')]), { fileName: 'b.mp4' });
    for (const title of ['one', 'two', 'three']) await editor.patchAsset(a.id, { title });
    const forAsset = await trail({ assetId: a.id }, 4);
    expect(forAsset.map((r) => r.action)).toEqual(['PATCH /api/v1/assets/:id', 'PATCH /api/v1/assets/:id', 'PATCH /api/v1/assets/:id', 'POST /api/v1/assets']);
    const patches = await admin.listAudit({ assetId: a.id, action: 'PATCH /api/v1/assets/:id', limit: 2 });
    expect(patches.items).toHaveLength(2);
    const rest = await admin.listAudit({ assetId: a.id, action: 'PATCH /api/v1/assets/:id', limit: 2, cursor: patches.nextCursor! });
    expect(rest.items.map((r) => r.id)).toEqual([forAsset[2]!.id]);
    expect(rest.nextCursor).toBeNull();
    expect((await admin.listAudit({ assetId: a.id, from: new Date(Date.now() + 60_000).toISOString() })).items).toEqual([]);
  });

  it('admin actions are recorded too (token revocation), and only admins may read the trail', async () => {
    const t = await admin.createToken({ name: 'temp', role: 'viewer' });
    await admin.revokeToken(t.id);
    const adminRecords = await trail({ action: 'DELETE /api/v1/tokens/:id' }, 1);
    expect(adminRecords[0]).toMatchObject({ tokenName: 'admin (CUTAWAY_ADMIN_TOKEN)', status: 204 });
    await expect(viewer.listAudit()).rejects.toSatisfy((e) => isAppError(e, 'auth.forbidden'));
    await expect(editor.listAudit()).rejects.toSatisfy((e) => isAppError(e, 'auth.forbidden'));
    const bad = await p.call(ADMIN, '/api/v1/audit?channel=carrier-pigeon');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'request.invalid']);
  });

  it('unauthenticated attempts write nothing and are not recorded', async () => {
    const count = async () => (await admin.listAudit({ limit: 200 })).items.length;
    const before = await count();
    expect((await p.call(null, '/api/v1/assets/whatever1', { method: 'DELETE' })).status).toBe(401);
    expect((await p.call('wrong-token', '/api/v1/tokens', { method: 'POST' })).status).toBe(401);
    // A write we know is recorded, to be sure the trail is flushed before counting.
    await editor.patchAsset('nosuchasset2', { title: 'x' }).catch(() => undefined);
    await trail({ assetId: 'nosuchasset2' }, 1);
    expect(await count()).toBe(before + 1);
  });
});
