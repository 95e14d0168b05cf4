import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportToCsv } from '../../src/services/archive/storage-report';
import { archiveFixture } from './fixture';

const HOUR = 3_600_000;
type Fixture = Awaited<ReturnType<typeof archiveFixture>>;

async function bytesUnder(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        files++;
        bytes += (await stat(p)).size;
      }
    }
  };
  await walk(dir);
  return { files, bytes };
}

describe('restores with deadlines (local archive volume with a 2 h restore time)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await archiveFixture({ restoreLatencyMs: 2 * HOUR });
    await f.addAsset(1, { ageDays: 400 });
    await f.archive.setTier('asset00001', 'archive');
    await f.drain();
  });
  afterEach(() => f.close());

  it('warns at once when the ETA misses the deadline, and makes the work urgent', async () => {
    const neededBy = new Date(f.clock.now().getTime() + HOUR);
    const asset = await f.archive.restore('asset00001', { days: 3, speed: 'standard', neededBy });
    expect(asset.restore).toMatchObject({ state: 'in_progress', neededBy: neededBy.toISOString(), late: true, etaAt: new Date(f.clock.now().getTime() + 2 * HOUR).toISOString() });
    expect(f.seen.filter((e) => e.type === 'asset.restore_late')).toEqual([expect.objectContaining({ assetId: 'asset00001', neededBy: neededBy.toISOString() })]);
    const polls = (await f.queue.list({ status: 'queued' })).filter((j) => j.name === 'archive.restore');
    expect(polls.map((j) => j.priority)).toEqual([0]);
  });

  it('meets a deadline it can make: progress by time, readable at the ETA, expired after its days', async () => {
    const neededBy = new Date(f.clock.now().getTime() + 5 * HOUR);
    const asset = await f.archive.restore('asset00001', { days: 1, speed: 'standard', neededBy });
    expect(asset.restore).toMatchObject({ late: false, state: 'in_progress', percent: 0 });
    expect(f.seen.some((e) => e.type === 'asset.restore_late')).toBe(false);
    f.advance(HOUR);
    await f.archive.poll('asset00001');
    expect((await f.assets.get('asset00001'))?.restore).toMatchObject({ state: 'in_progress', percent: 50 });
    f.advance(HOUR);
    await f.drain();
    const restored = (await f.assets.get('asset00001'))!;
    expect(restored.restore).toMatchObject({ state: 'restored', percent: 100 });
    expect(Date.parse(restored.restore.expiresAt!)).toBe(f.clock.now().getTime() + 24 * HOUR);
    f.advance(25 * HOUR);
    await f.drain(); // the poll booked for the expiry time
    expect((await f.assets.get('asset00001'))?.restore.state).toBe('expired');
    await expect(f.archive.setTier('asset00001', 'online')).rejects.toMatchObject({ code: 'asset.not_ready' });
  });

  it('a rundown link with a near air time triggers an urgent restore through ensureAvailableBy', async () => {
    const air = new Date(f.clock.now().getTime() + 3 * HOUR);
    const asset = await f.archive.ensureAvailableBy('asset00001', air);
    expect(asset.restore).toMatchObject({ neededBy: air.toISOString(), late: false });
    expect((await f.queue.list({ status: 'queued' })).find((j) => j.name === 'archive.restore')?.priority).toBe(10);
    expect((await f.store.restoresSince(new Date(0))).length).toBe(1);
  });
});

describe('a short restore (local volume, 20 s) reports its progress in steps', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await archiveFixture({ restoreLatencyMs: 20_000 });
    await f.addAsset(1, { ageDays: 400 });
    await f.archive.setTier('asset00001', 'archive');
    await f.drain();
  });
  afterEach(() => f.close());

  it('polls about every twentieth of the restore time, so panels see the percent move', async () => {
    await f.archive.restore('asset00001', { days: 1, speed: 'standard' });
    const percents: number[] = [];
    for (let i = 0; i < 25; i++) {
      const polls = (await f.queue.list({ status: 'queued' })).filter((j) => j.name === 'archive.restore');
      expect(polls).toHaveLength(1);
      expect(Date.parse(polls[0]!.runAt) - f.clock.now().getTime()).toBeLessThanOrEqual(1000);
      f.advance(1000);
      await f.drain(); // the poll that came due, which books the next one
      const r = (await f.assets.get('asset00001'))!.restore;
      percents.push(r.percent ?? -1);
      if (r.state === 'restored') break;
    }
    expect(percents.slice(0, 3)).toEqual([5, 10, 15]);
    expect(percents.at(-1)).toBe(100);
  });
});

describe('storage report', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await archiveFixture();
  });
  afterEach(() => f.close());

  it('sums match the files on each tier volume, and the saving follows from the prices', async () => {
    for (let n = 1; n <= 9; n++) await f.addAsset(n, { ageDays: 10 * n, bytes: 200_000 + n * 1000 });
    for (const id of ['asset00001', 'asset00002', 'asset00003']) await f.archive.setTier(id, 'archive');
    for (const id of ['asset00004', 'asset00005']) await f.archive.setTier(id, 'nearline');
    await f.drain();
    await f.archive.restore('asset00001', { days: 2, speed: 'bulk' });

    const report = await f.report.report();
    const volumes = join(f.dir, 'volumes');
    const onDisk = { online: await bytesUnder(join(volumes, 'online')), nearline: await bytesUnder(join(volumes, 'nearline')), archive: await bytesUnder(join(volumes, 'archive')) };
    for (const t of report.tiers) expect({ tier: t.tier, objects: t.objects, bytes: t.bytes }).toEqual({ tier: t.tier, objects: onDisk[t.tier].files, bytes: onDisk[t.tier].bytes });
    expect(report.tiers.find((t) => t.tier === 'archive')?.byRendition.original?.objects).toBe(3);
    expect(report.tiers.find((t) => t.tier === 'online')?.byRendition.thumbnail?.objects).toBe(18);
    const gb = (b: number) => b / 1e9;
    const expectedCost = gb(onDisk.online.bytes) * 0.023 + gb(onDisk.nearline.bytes) * 0.004 + gb(onDisk.archive.bytes) * 0.00099;
    expect(report.total.monthlyCost).toBeCloseTo(expectedCost, 2);
    expect(report.savingPercent).toBeGreaterThan(40);
    expect(report.restoresThisMonth).toMatchObject({ count: 1, bytes: 201_000 });
    const csv = reportToCsv(report).trim().split('\n');
    expect(csv[0]).toBe('tier,rendition,objects,bytes,monthly_cost_usd');
    expect(csv).toContain(`archive,original,3,${onDisk.archive.bytes},`);
  });
});
