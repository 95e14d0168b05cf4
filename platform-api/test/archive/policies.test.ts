import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchQuerySchema, type Asset } from '@cutaway/shared';
import { SearchService } from '../../src/services/search-service';
import { archiveFixture } from './fixture';

const DAY = 86_400_000;
type Fixture = Awaited<ReturnType<typeof archiveFixture>>;

describe('lifecycle policies on a generated library (SQLite, local tier volumes, durable queue)', () => {
  let f: Fixture;
  let library: Asset[];
  beforeEach(async () => {
    f = await archiveFixture();
    library = [];
    // 24 assets: ages 15..360 days; every 4th tagged "keep"; every 5th a still; #7 and #19 air soon.
    for (let n = 1; n <= 24; n++) {
      library.push(await f.addAsset(n, { ageDays: n * 15, tags: n % 4 === 0 ? ['keep', 'news'] : ['news'], type: n % 5 === 0 ? 'image' : 'video' }));
    }
    f.airTimes.set('asset00007', new Date(f.clock.now().getTime() + DAY));
    f.airTimes.set('asset00019', new Date(f.clock.now().getTime() + 30 * DAY));
  });
  afterEach(() => f.close());

  // Ground truth by construction, computed independently of the rule code.
  const expected = (minAge: number) =>
    library.filter((a, i) => {
      const n = i + 1;
      return n * 15 >= minAge && n % 4 !== 0 && n % 5 !== 0 && n !== 7;
    });

  it('a dry run lists exactly what would move and the bytes, and moves nothing', async () => {
    const policy = await f.policies.create({ name: 'old video to archive', enabled: true, targetTier: 'archive', rules: { minAgeDays: 90, types: ['video'], tagsNone: ['keep'], notAiringWithinDays: 2 }, everyMinutes: 1440, restoreOnUse: false });
    const run = await f.policies.dryRun(policy.id);
    const want = expected(90);
    expect(run.items.map((c) => c.assetId).sort()).toEqual(want.map((a) => a.id).sort());
    expect(run.bytes).toBe(want.reduce((n, a) => n + a.sizeBytes, 0));
    expect(run.items.find((c) => c.assetId === 'asset00019')?.reason).toMatch(/285 days old.*next airs/);
    expect(await f.queue.list({ status: 'queued' })).toEqual([]);
    expect((await f.assets.get(want[0]!.id))?.storageTier).toBe('online');
  });

  it('a draft dry run (the form before Save) finds what the saved policy would, and stores nothing', async () => {
    const draft = { name: 'draft', enabled: true, targetTier: 'archive' as const, rules: { minAgeDays: 120, types: ['video' as const], tagsNone: ['keep'], notAiringWithinDays: 2 }, everyMinutes: 1440, restoreOnUse: false };
    const run = await f.policies.dryRunDraft(draft);
    expect(run).toMatchObject({ policyId: null, dryRun: true, jobIds: [] });
    expect(run.items.map((c) => c.assetId).sort()).toEqual(expected(120).map((a) => a.id).sort());
    expect(run.bytes).toBe(expected(120).reduce((n, a) => n + a.sizeBytes, 0));
    expect(await f.policies.list()).toEqual([]);
    expect(await f.queue.list({ status: 'queued' })).toEqual([]);
    const saved = await f.policies.create(draft);
    expect({ ...(await f.policies.dryRun(saved.id)), policyId: null }).toEqual(run);
  });

  it('a run moves the originals by durable jobs; search still finds them with their moments; proxies stay online', async () => {
    const policy = await f.policies.create({ name: 'archive', enabled: true, targetTier: 'archive', rules: { minAgeDays: 90, types: ['video'], tagsNone: ['keep'], notAiringWithinDays: 2 }, everyMinutes: null, restoreOnUse: false });
    const target = library[10]!; // #11: 165 days, plain news video
    await f.index.replaceSegments(target.id, 'speech', [{ assetId: target.id, kind: 'speech', startMs: 4000, endMs: 6500, text: 'the harbour bridge reopened', source: 'speech', confidence: 0.9, words: null }]);
    const run = await f.policies.run(policy.id);
    expect(run.jobIds).toHaveLength(expected(90).length);
    expect(await f.drain()).toBe(expected(90).length);
    for (const a of expected(90)) {
      const now = await f.assets.get(a.id);
      expect(now).toMatchObject({ storageTier: 'archive', tierMove: null });
    }
    expect((await f.assets.get('asset00007'))?.storageTier).toBe('online'); // airs tomorrow
    expect((await f.assets.get('asset00008'))?.storageTier).toBe('online'); // tagged keep
    expect(f.seen.filter((e) => e.type === 'archive.policy_ran')).toEqual([expect.objectContaining({ policyId: policy.id, assets: expected(90).length })]);
    expect((await f.policies.get(policy.id)).lastRun).toEqual({ assets: expected(90).length, bytes: run.bytes });

    const search = new SearchService({ index: f.index, assets: f.assets });
    const found = await search.search(SearchQuerySchema.parse({ q: 'harbour bridge' }));
    expect(found.items[0]?.asset).toMatchObject({ id: target.id, storageTier: 'archive' });
    expect(found.items[0]?.moments[0]).toMatchObject({ kind: 'speech', startMs: 4000 });
    expect(await f.storage.stat('assets/asset00011/proxy.mp4')).not.toBeNull();

    expect((await f.policies.dryRun(policy.id)).assets).toBe(0); // nothing left to do
  });

  it('runs by itself on its schedule as the clock moves, picking up assets as they age', async () => {
    const policy = await f.policies.create({ name: 'nearline after a year', enabled: true, targetTier: 'nearline', rules: { minAgeDays: 365 }, everyMinutes: 60 * 24, restoreOnUse: false });
    expect(await f.policies.runDue()).toBe(1); // never ran: due at once
    await f.drain();
    expect((await f.assets.get('asset00024'))?.storageTier).toBe('online'); // 360 days old
    f.advanceDays(6);
    expect(await f.policies.runDue()).toBe(1);
    await f.drain();
    expect((await f.assets.get('asset00024'))?.storageTier).toBe('nearline');
    f.advance(60_000);
    expect(await f.policies.runDue()).toBe(0); // ran less than a day ago
    expect((await f.policies.get(policy.id)).lastRun?.assets).toBe(1);
    const ticks = (await f.queue.list({ status: 'queued' })).filter((j) => j.name === 'archive.policies');
    expect(ticks.length).toBeGreaterThanOrEqual(1);
  });

  it('using an asset a restoreOnUse policy moved brings it back online; lastUsedAt feeds "unused for N days"', async () => {
    await f.policies.create({ name: 'idle to nearline', enabled: true, targetTier: 'nearline', rules: { unusedForDays: 30 }, everyMinutes: null, restoreOnUse: true });
    const a = library[3]!; // 60 days old, never used
    await f.usage.used((await f.assets.get(library[0]!.id))!, 'download'); // #1 used today: not idle
    const [policy] = await f.policies.list();
    const run = await f.policies.run(policy!.id);
    expect(run.items.map((c) => c.assetId)).not.toContain(library[0]!.id);
    expect(run.items.map((c) => c.assetId)).toContain(a.id);
    await f.drain();
    expect((await f.assets.get(a.id))?.storageTier).toBe('nearline');
    await f.usage.used((await f.assets.get(a.id))!, 'rundown');
    expect((await f.assets.get(a.id))?.tierMove).toMatchObject({ to: 'online', state: 'queued' });
    await f.drain();
    expect(await f.assets.get(a.id)).toMatchObject({ storageTier: 'online', tierMove: null });
  });

  it('validates and manages policies', async () => {
    await expect(f.policies.get('missing0001')).rejects.toMatchObject({ code: 'archive.policy_not_found' });
    const p = await f.policies.create({ name: 'x', enabled: false, targetTier: 'archive', rules: {}, everyMinutes: 5, restoreOnUse: false });
    expect(await f.policies.runDue()).toBe(0); // disabled
    const edited = await f.policies.replace(p.id, { name: 'y', enabled: true, targetTier: 'nearline', rules: { tagsAny: ['NEWS'] }, everyMinutes: 5, restoreOnUse: false });
    expect(edited).toMatchObject({ id: p.id, name: 'y', createdAt: p.createdAt });
    expect((await f.policies.dryRun(p.id)).assets).toBe(24); // tags match case-insensitively
    await f.policies.delete(p.id);
    await expect(f.policies.delete(p.id)).rejects.toMatchObject({ code: 'archive.policy_not_found' });
  });
});
