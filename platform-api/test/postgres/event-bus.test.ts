import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CutawayEvent, EventDraft } from '@cutaway/shared';
import { pgCatalogMigrations } from '../../src/adapters/postgres/catalog.migrations';
import { openPostgres, type PgPool } from '../../src/adapters/postgres/database';
import { PgEventBus } from '../../src/adapters/postgres/event-bus';
import { makeAsset } from '../contract/asset-store.contract';
import { PG_SKIP_REASON, PG_URL, tempPgSchema } from '../pg';

const log = pino({ level: 'silent' });
const deleted = (assetId: string): EventDraft => ({ type: 'asset.deleted', assetId });

/** Polls until `check` holds; the bound keeps a lost event a failure instead of a hang. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Two "API processes": separate pools (and LISTEN connections) on one schema, told apart by application_name. */
describe.skipIf(!PG_URL)(`PgEventBus${PG_URL ? '' : ` (skipped: ${PG_SKIP_REASON})`}`, () => {
  let db: Awaited<ReturnType<typeof tempPgSchema>>;
  let poolB: PgPool;
  let a: PgEventBus;
  let b: PgEventBus;
  let gotA: CutawayEvent[];
  let gotB: CutawayEvent[];
  let appB: string;

  beforeEach(async () => {
    db = await tempPgSchema(pgCatalogMigrations);
    appB = `${db.schema}_b`;
    poolB = openPostgres(`${db.url}?application_name=${appB}`, { schema: db.schema, max: 3 });
    // NOTIFY channels span the database: a channel per schema keeps parallel suites apart.
    const opts = { log, channel: `cutaway_events_${db.schema}`, minBackoffMs: 50, maxBackoffMs: 400 };
    a = new PgEventBus(db.pool, opts);
    b = new PgEventBus(poolB, opts);
    gotA = [];
    gotB = [];
    a.subscribe((e) => gotA.push(e));
    b.subscribe((e) => gotB.push(e));
    await Promise.all([a.ready(), b.ready()]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await poolB.end();
    await db.drop();
  });

  /** A's events reach B in publish order, so once B holds this fence every earlier event has landed. */
  async function fence(from: PgEventBus, to: CutawayEvent[]): Promise<void> {
    const id = `fence${Math.random().toString(36).slice(2, 10)}`;
    from.publish(deleted(id));
    await until(() => to.some((e) => e.type === 'asset.deleted' && e.assetId === id));
    await new Promise((r) => setTimeout(r, 150)); // room for a wrongly looped-back copy to show up
  }

  it('delivers an event to the subscribers of both processes exactly once, stamped once', async () => {
    const extra: CutawayEvent[] = [];
    a.subscribe((e) => extra.push(e));
    a.publish(deleted('asset000001'));
    expect(gotA).toHaveLength(1); // the publisher's own subscribers get it synchronously
    await fence(a, gotB);
    await fence(b, gotA);
    const first = (got: CutawayEvent[]) => got.filter((e) => e.type === 'asset.deleted' && e.assetId === 'asset000001');
    expect(first(gotA)).toHaveLength(1);
    expect(first(extra)).toHaveLength(1);
    expect(first(gotB)).toEqual(first(gotA)); // same `at`: stamped by the publisher, not on arrival
    expect(gotA.filter((e) => e.type === 'asset.deleted' && e.assetId.startsWith('fence'))).toHaveLength(2);
  });

  it('sends an event past the NOTIFY limit through the outbox, in order with its neighbours', async () => {
    const big = makeAsset({ description: 'é'.repeat(9_000), tags: Array.from({ length: 150 }, (_, i) => `tag-${i}`) });
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(8_000);
    // A body past its retention, which the next large publish sweeps.
    await db.pool.query(`INSERT INTO event_outbox (body, created_at) VALUES ('{}', now() - interval '1 hour')`);
    b.publish(deleted('asset000002'));
    b.publish({ type: 'asset.created', asset: big });
    b.publish(deleted('asset000003'));
    await until(() => gotA.length === 3);
    expect(gotA.map((e) => e.type)).toEqual(['asset.deleted', 'asset.created', 'asset.deleted']);
    expect(gotA[1]).toEqual(gotB[1]);
    expect(gotA[1]).toMatchObject({ asset: big });
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_outbox');
    expect(rows[0]?.n).toBe(1); // only the large one took the outbox path, and the stale row is gone
  });

  it('drops notifications it cannot read and keeps delivering', async () => {
    const channel = `cutaway_events_${db.schema}`;
    for (const junk of ['not json', '{"o":"elsewhere","e":{"type":"asset.exploded"}}', '{"o":"elsewhere","x":999999}']) {
      await db.pool.query('SELECT pg_notify($1, $2)', [channel, junk]);
    }
    await fence(b, gotA);
    expect(gotA.map((e) => e.type)).toEqual(['asset.deleted']);
  });

  it('reconnects its LISTEN connection after the server kills it, within a bounded wait', async () => {
    const listener = `LISTEN "cutaway_events_${db.schema}"`;
    const pidOfB = async () =>
      (await db.pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query = $2', [appB, listener])).rows[0]?.pid;
    const before = await pidOfB();
    expect(before).toBeTypeOf('number');
    await db.pool.query('SELECT pg_terminate_backend($1)', [before]);

    // Events NOTIFYed while B is disconnected are lost (documented); keep probing until one gets through.
    let probe = 0;
    const probes = setInterval(() => a.publish(deleted(`probe${String((probe += 1)).padStart(6, '0')}`)), 50);
    try {
      await until(() => gotB.some((e) => e.type === 'asset.deleted' && e.assetId.startsWith('probe')), 10_000);
    } finally {
      clearInterval(probes);
    }
    await b.ready();
    const after = await pidOfB();
    expect(after).toBeTypeOf('number');
    expect(after).not.toBe(before);
    // And B's own events still reach A: publishing never depended on the LISTEN connection.
    b.publish(deleted('asset000004'));
    await until(() => gotA.some((e) => e.type === 'asset.deleted' && e.assetId === 'asset000004'));
  });

  it('close() flushes queued NOTIFYs, then makes publish a no-op and ready() reject', async () => {
    b.publish(deleted('asset000005'));
    await b.close();
    await until(() => gotA.some((e) => e.type === 'asset.deleted' && e.assetId === 'asset000005'));
    const before = gotB.length;
    b.publish(deleted('asset000006'));
    expect(gotB).toHaveLength(before);
    await expect(b.ready()).rejects.toThrow(/closed/);
  });
});
