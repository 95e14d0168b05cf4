import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditQuerySchema, type AuditQueryInput, type AuditRecord } from '@cutaway/shared';
import type { AuditStore } from '../../src/ports/audit-store';

let n = 0;
/** A valid record, each `n` seconds after a fixed start (UTC, ms) so order is known by construction. */
export function makeRecord(over: Partial<AuditRecord> = {}): AuditRecord {
  n += 1;
  return {
    id: `audit${String(n).padStart(6, '0')}`,
    at: new Date(Date.UTC(2026, 2, 1, 12, 0, n)).toISOString(),
    tokenId: 'token000001',
    tokenName: 'Desk editor',
    channel: 'http',
    action: 'PATCH /api/v1/assets/:id',
    assetId: 'asset0001',
    remoteAddress: '127.0.0.1',
    status: 200,
    details: { requestId: `req-${n}` },
    ...over,
  };
}

/** What every AuditStore adapter (SQLite, PostgreSQL) must do. */
export function runAuditStoreContract(label: string, make: () => Promise<{ store: AuditStore; close: () => Promise<void> }>) {
  describe(`AuditStore contract: ${label}`, () => {
    let store: AuditStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());
    const list = (q: AuditQueryInput = {}) => store.list(AuditQuerySchema.parse(q));

    it('returns what was appended, field for field, newest first', async () => {
      const a = makeRecord();
      const b = makeRecord({ tokenId: null, tokenName: null, assetId: null, remoteAddress: null, status: null, details: null, channel: 'mcp', action: 'search_assets' });
      const c = makeRecord({ details: { nested: { list: [1, 'two', null] }, unicode: 'café 😀' } });
      for (const r of [a, c, b]) await store.append(r);
      expect((await list()).items).toEqual([c, b, a]);
    });

    it('filters by token, asset, action, channel and time window (from inclusive, to exclusive)', async () => {
      const r1 = makeRecord({ tokenId: 'tokenA00001', assetId: 'assetX0001' });
      const r2 = makeRecord({ tokenId: 'tokenB00001', assetId: 'assetX0001', action: 'DELETE /api/v1/assets/:id' });
      const r3 = makeRecord({ tokenId: 'tokenA00001', assetId: 'assetY0001', channel: 'assistant', action: 'tag_asset' });
      for (const r of [r1, r2, r3]) await store.append(r);
      const ids = async (q: AuditQueryInput) => (await list(q)).items.map((r) => r.id);
      expect(await ids({ tokenId: 'tokenA00001' })).toEqual([r3.id, r1.id]);
      expect(await ids({ assetId: 'assetX0001' })).toEqual([r2.id, r1.id]);
      expect(await ids({ action: 'DELETE /api/v1/assets/:id' })).toEqual([r2.id]);
      expect(await ids({ channel: 'assistant' })).toEqual([r3.id]);
      expect(await ids({ from: r2.at })).toEqual([r3.id, r2.id]);
      expect(await ids({ to: r2.at })).toEqual([r1.id]);
      // The same instant written with another offset selects the same rows.
      const plusTwo = new Date(Date.parse(r2.at) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      expect(await ids({ from: plusTwo, tokenId: 'tokenB00001' })).toEqual([r2.id]);
      expect(await ids({ tokenId: 'tokenA00001', assetId: 'assetY0001' })).toEqual([r3.id]);
      expect(await ids({ tokenId: 'nobody00001' })).toEqual([]);
    });

    it('pages with a cursor without gaps or repeats, records of the same instant included', async () => {
      const same = new Date(Date.UTC(2026, 3, 1)).toISOString();
      const all = [makeRecord(), makeRecord({ at: same }), makeRecord({ at: same }), makeRecord({ at: same }), makeRecord()];
      for (const r of all) await store.append(r);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await list({ limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((r) => r.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const expected = [...all].sort((x, y) => (x.at === y.at ? y.id.localeCompare(x.id) : y.at.localeCompare(x.at))).map((r) => r.id);
      expect(seen).toEqual(expected);
    });

    it('rejects a cursor it did not make with request.invalid', async () => {
      await expect(list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'request.invalid' });
    });
  });
}
