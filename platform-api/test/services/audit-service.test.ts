import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { SqliteAuditStore } from '../../src/adapters/sqlite/audit-store';
import { randomIds, systemClock } from '../../src/ids';
import { AuditService } from '../../src/services/audit-service';
import { serviceFixture } from './fixture';

/** The service every front end records through: HTTP today, the MCP server and the assistant next. */
describe('AuditService', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  let audit: AuditService;
  beforeEach(async () => {
    fx = await serviceFixture();
    audit = new AuditService({ store: new SqliteAuditStore(fx.db), clock: fx.clock, ids: fx.ids });
  });
  afterEach(async () => fx.close());

  it('records a tool call of another channel with its details, readable by filter', async () => {
    const r = await audit.record({ actor: { id: 'token000042', name: 'assistant for Åsa' }, channel: 'assistant', action: 'tag_asset', assetId: 'asset00042', details: { tags: ['storm'] } });
    expect((await audit.list({ channel: 'assistant' })).items).toEqual([r]);
    expect(r).toMatchObject({ tokenName: 'assistant for Åsa', status: null, remoteAddress: null, details: { tags: ['storm'] } });
  });

  it('keeps records storable: no control characters or NUL, bounded details, only well-formed asset ids', async () => {
    const r = await audit.record({
      actor: { id: 'token000043', name: 'evil\u0000name\nwith newline' }, channel: 'mcp', action: 'x'.repeat(500), assetId: '../../etc',
      details: { note: 'nul\u0000inside', big: 'y'.repeat(10_000) },
    });
    expect(r.tokenName).toBe('evil name with newline');
    expect(r.action).toHaveLength(200);
    expect(r.assetId).toBeNull();
    expect(r.details).toEqual({ truncated: true, bytes: expect.any(Number) });
    const small = await audit.record({ actor: null, channel: 'system', action: 'sweep', details: { note: 'nul\u0000inside' } });
    expect(small.details).toEqual({ note: 'nul inside' });
    expect((await audit.list({})).items.map((x) => x.id).sort()).toEqual([small.id, r.id].sort());
  });

  it('a bad filter is request.invalid naming the field, for any front end', async () => {
    await expect(audit.list({ channel: 'fax' as never })).rejects.toSatisfy((e) => isAppError(e, 'request.invalid') && JSON.stringify(e.details).includes('query.channel'));
  });

  it('lists writes made in the same millisecond newest first, in the order they were made (real clock and ids)', async () => {
    const real = new AuditService({ store: new SqliteAuditStore(fx.db), clock: systemClock, ids: randomIds });
    const made = [];
    for (let i = 0; i < 40; i++) made.push(await real.record({ actor: null, channel: 'system', action: `write ${i}` }));
    expect(new Set(made.map((r) => r.at)).size).toBeLessThan(made.length); // some shared a millisecond
    expect((await real.list({ limit: 100 })).items.map((r) => r.action)).toEqual(made.map((r) => r.action).reverse());
  });
});
