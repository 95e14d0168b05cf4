import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RundownInput } from '@cutaway/shared';
import { SqliteRundownStore } from '../../src/adapters/sqlite/rundown-store';
import { randomIds } from '../../src/ids';
import { RundownService } from '../../src/services/rundown-service';
import { archiveFixture } from './fixture';

const HOUR = 3_600_000;
type Fixture = Awaited<ReturnType<typeof archiveFixture>>;

const rundownWith = (assetId: string, airTime: Date): RundownInput => ({
  ncsId: 'ENPS01', mosId: 'cutaway.mos', nrcs: 'enps', roId: 'RO-6PM', slug: '6PM NEWS', channel: null, airTime: airTime.toISOString(), durationMs: null, air: null,
  stories: [{ storyId: 'S1', slug: 'HARBOR BRIDGE', number: '1', items: [{ itemId: 'I1', slug: null, objId: assetId, mosId: 'cutaway.mos', assetId, inMs: null, outMs: null, channel: null, abstract: null, status: null }] }],
});

/** The rundown → archive wiring of platform.ts, on real stores: a link with an air time restores by then. */
describe('a rundown link with an air time restores an archived original by then', () => {
  let f: Fixture;
  let rundowns: RundownService;
  beforeEach(async () => {
    f = await archiveFixture({ restoreLatencyMs: 2 * HOUR });
    await f.addAsset(1, { ageDays: 400 });
    await f.archive.setTier('asset00001', 'archive');
    await f.drain();
    rundowns = new RundownService({
      rundowns: new SqliteRundownStore(f.db), assets: f.assets, queue: f.queue, events: f.events, clock: f.clock, ids: randomIds, urgentWindowMs: 2 * HOUR,
      onUse: async (assetId, airTime) => {
        const asset = (await f.assets.get(assetId))!;
        await f.usage.used(asset, 'rundown', airTime);
        if (airTime) await f.archive.ensureAvailableBy(assetId, airTime);
      },
    });
  });
  afterEach(() => f.close());

  it('asks for the restore with the air time as deadline, urgently when air is near, once', async () => {
    const air = new Date(f.clock.now().getTime() + 3 * HOUR);
    await rundowns.put(rundownWith('asset00001', air));
    const asset = (await f.assets.get('asset00001'))!;
    expect(asset.restore).toMatchObject({ state: 'in_progress', neededBy: air.toISOString(), late: false });
    expect(asset.lastUsedAt).toBe(f.clock.now().toISOString());
    await rundowns.put(rundownWith('asset00001', air)); // the NRCS sends the running order again
    expect(await f.store.restoresSince(new Date(0))).toHaveLength(1);
  });

  it('warns when air is sooner than the restore can finish', async () => {
    const air = new Date(f.clock.now().getTime() + HOUR);
    await rundowns.put(rundownWith('asset00001', air));
    expect((await f.assets.get('asset00001'))?.restore).toMatchObject({ late: true });
    expect(f.seen.filter((e) => e.type === 'asset.restore_late').map((e) => e.type === 'asset.restore_late' && e.assetId)).toEqual(['asset00001']);
  });
});
