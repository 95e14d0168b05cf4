import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset, StorageReport, StorageTier } from '@cutaway/shared/schemas';
import { generateNewsClip } from '../media/generate';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, openPage, PANEL_SIZES, REPO, serveStatic } from './browser';

const exec = promisify(execFile);
/** A restore on the local archive volume takes this long: long enough to watch its progress move. */
const RESTORE_MS = 15_000;
/**
 * S3 list prices × 100 000 (a test megabyte stands in for 100 GB), so a library of a few generated clips
 * shows costs in dollars rather than in hundred-thousandths of a cent. The report names them "operator prices".
 */
const PRICES = { CUTAWAY_PRICE_ONLINE_GB_MONTH: '2300', CUTAWAY_PRICE_NEARLINE_GB_MONTH: '400', CUTAWAY_PRICE_ARCHIVE_GB_MONTH: '99', CUTAWAY_PRICE_RESTORE_ARCHIVE_GB: '2000' };
const CONSOLE = { width: 1280, height: 800 };

if (CHROMIUM_SKIP_REASON) console.warn(`archive UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/** "1 234 567" (thin spaces), "$12.34", "6.00 MB" back to numbers, to compare what people read with the API. */
const count = (s: string | null) => Number((s ?? '').replace(/\s/g, ''));
/** Money is shown to the cent above $1 (to 1/100 cent below): compare within what the display rounds away. */
const expectMoney = (shown: string | null, value: number) => expect(Math.abs(money(shown) - value)).toBeLessThanOrEqual(0.0051);
const money = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, '')) * ((s ?? '').startsWith('−') ? -1 : 1);
const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
const size = (s: string | null) => {
  const m = /^([\d.]+) (B|kB|MB|GB|TB)$/.exec((s ?? '').trim());
  return m ? Number(m[1]) * UNITS[m[2]!]! : NaN;
};

/**
 * The archive's visible parts in headless Chromium against a real platform-api with local tier volumes:
 * the console's storage chart (numbers checked against GET /storage/report, live when an asset moves), the
 * restore action with a deadline it cannot make (warning from `asset.restore_late`, progress from
 * `asset.updated`), the policies view, and the Premiere panel warning when a restore elsewhere runs late.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('archive in the console and the Premiere panel (headless Chromium, real server)', () => {
  let server: ServerProcess;
  let client: CutawayClient;
  let browser: Browser;
  let work: { dir: string; cleanup: () => Promise<void> };
  let panel: { url: string; close: () => Promise<void> };
  const assets: Record<'storm' | 'council' | 'market' | 'flood', Asset> = {} as never;

  beforeAll(async () => {
    work = await tempDir('ui-archive');
    const panelDist = join(work.dir, 'panel-dist');
    await exec(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: join(REPO, 'premiere-panel'), env: { ...process.env, CUTAWAY_DIST_DIR: panelDist } });
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    panel = await serveStatic(join(panelDist, 'premiere-panel-dev'));
    server = await startServer(join(work.dir, 'data'), {
      CUTAWAY_CORS_ORIGINS: panel.url,
      CUTAWAY_TIER_NEARLINE_DIR: join(work.dir, 'nas'),
      CUTAWAY_TIER_ARCHIVE_DIR: join(work.dir, 'cold'),
      CUTAWAY_TIER_ARCHIVE_RESTORE_MS: String(RESTORE_MS),
      CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off',
      ...PRICES,
    });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const clips = [
      { key: 'storm', title: 'Storm over the harbour', tags: 'weather', s: 8, w: 960, h: 540 },
      { key: 'council', title: 'Council vote on the bridge', tags: 'politics', s: 5, w: 640, h: 360 },
      { key: 'market', title: 'Morning market', tags: 'city,old', s: 4, w: 640, h: 360 },
      { key: 'flood', title: 'Flood defences inspected', tags: 'weather', s: 6, w: 640, h: 360 },
    ] as const;
    for (const c of clips) {
      const path = join(work.dir, `${c.key}.mp4`);
      await generateNewsClip(path, { durationS: c.s, width: c.w, height: c.h, fps: 25, cutsAtS: [2], lowerThirds: [{ text: c.title.toUpperCase(), fromS: 1, toS: 3 }] });
      const up = await upload(server.url, server.adminToken, path, { title: c.title, tags: c.tags });
      assets[c.key] = await eventually(async () => {
        const a = await client.getAsset(up.id);
        return a.status === 'ready' && a;
      }, 120_000, 500);
    }
    // Two originals to the archive volume, one to the NAS: real, checksummed moves (archive.move jobs).
    for (const [key, tier] of [['storm', 'archive'], ['flood', 'archive'], ['council', 'nearline']] as const) {
      await client.setTier(assets[key].id, tier);
      assets[key] = await eventually(async () => {
        const a = await client.getAsset(assets[key].id);
        return a.storageTier === tier && !a.tierMove && a;
      }, 60_000, 300);
    }
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await panel?.close();
    await work?.cleanup();
  });

  /** A page that records errors (expected empty at the end), signed in and connected. */
  async function open(url: string, size: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const opened = await openPage(browser, url, size);
    await opened.page.getByText('Connected (v0.1.0)').waitFor({ timeout: 20_000 });
    return opened;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const consoleUrl = () => `${server.url}/#token=${encodeURIComponent(server.adminToken)}`;
  // Polled from here through locators: the console's CSP (script-src 'self') forbids string evaluation in the page.
  const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name, { timeout: 1000 }).catch(() => null);
  const waitRestoreState = (page: Page, states: string[], timeout: number) =>
    eventually(async () => states.includes((await attr(page, '[aria-label="Storage tier and restore"]', 'data-restore-state')) ?? ''), timeout, 200);
  const waitProgress = (page: Page, timeout: number) => eventually(async () => Number(await attr(page, '[role="progressbar"]', 'aria-valuenow')) > 0, timeout, 200);
  const waitChartTotal = (page: Page, tier: string, want: number) => eventually(async () => Number(await attr(page, `svg[data-chart="bytes"] g[data-row="${tier}"]`, 'data-total')) === want, 20_000, 200);

  /** What the bytes chart draws, read from the SVG. */
  const chartRows = (page: Page, chart: string) =>
    page.$$eval(`svg[data-chart="${chart}"] g[data-row]`, (gs) =>
      gs.map((g) => ({
        tier: g.getAttribute('data-row')!,
        total: Number(g.getAttribute('data-total')),
        segments: [...g.querySelectorAll('rect[data-key]')].map((r) => ({ key: r.getAttribute('data-key')!, value: Number(r.getAttribute('data-value')), width: Number(r.getAttribute('width')) })),
        label: g.querySelector('text.cw-chart-value')?.textContent ?? '',
      })),
    );

  async function expectChartMatches(page: Page, report: StorageReport) {
    for (const measure of ['bytes', 'objects'] as const) {
      const rows = await chartRows(page, measure);
      expect(rows.map((r) => r.tier)).toEqual(['online', 'nearline', 'archive']);
      const max = Math.max(...report.tiers.map((t) => t[measure]));
      const barW = Math.max(...rows.map((r) => r.segments.reduce((n, s) => n + s.width, 0)));
      for (const row of rows) {
        const t = report.tiers.find((x) => x.tier === row.tier)!;
        expect(row.total).toBe(t[measure]);
        // Every kind the API reports for this tier is a segment with its exact value …
        const expected = Object.entries(t.byRendition).filter(([, u]) => u[measure] > 0).map(([k, u]) => [k, u[measure]]);
        expect(row.segments.map((s) => [s.key, s.value]).sort()).toEqual(expected.sort());
        // … drawn to scale (a sliver may be widened to stay visible, so 3 units of slack).
        for (const s of row.segments) expect(Math.abs(s.width - (s.value / max) * barW)).toBeLessThanOrEqual(3);
      }
    }
    // The table people read: exact bytes and objects per tier and kind.
    const cells = await page.$$eval('table.cw-table tbody tr', (trs) => trs.map((tr) => ({ tier: tr.getAttribute('data-tier'), kind: tr.getAttribute('data-kind'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent) })));
    for (const t of report.tiers) {
      for (const [kind, u] of Object.entries(t.byRendition)) {
        const row = cells.find((c) => c.tier === t.tier && c.kind === kind)!;
        expect([count(row.cells[2]!), count(row.cells[3]!)]).toEqual([u.objects, u.bytes]);
      }
      const sub = cells.find((c) => c.tier === t.tier && c.kind === '*')!;
      expect([count(sub.cells[2]!), count(sub.cells[3]!)]).toEqual([t.objects, t.bytes]);
      expectMoney(sub.cells[4]!, t.monthlyCost);
    }
    const figure = (id: string) => page.locator(`[data-figure="${id}"] .cw-figure-value`).textContent();
    expectMoney(await figure('monthly-cost'), report.total.monthlyCost);
    expectMoney(await figure('all-online'), report.allOnlineMonthlyCost);
    expectMoney(await figure('saving'), report.monthlySaving);
    expect(await page.locator('[data-figure="saving"]').textContent()).toContain(`${report.savingPercent} %`);
    expect(Math.abs(size(await figure('stored')) - report.total.bytes) / report.total.bytes).toBeLessThan(0.01);
    expect(count(await figure('restores'))).toBe(report.restoresThisMonth.count);
    // The saving bar: all-online spans the scale, with-tiers and the saving add up to it.
    const cost = await chartRows(page, 'cost');
    const width = (label: string) => cost.find((r) => r.tier === label)!.segments.reduce((n, s) => n + s.width, 0);
    expect(Math.abs(width('With tiers') + width('Saving') - width('All online'))).toBeLessThanOrEqual(4.5); // slivers are ≥ 2 units wide
    expect(width('Saving') / width('All online')).toBeCloseTo(report.monthlySaving / report.allOnlineMonthlyCost, 2);
  }

  describe('console at 1280×800', () => {
    it('Storage: the chart, figures and table match GET /storage/report; the CSV is the API CSV', async () => {
      const { page, problems } = await open(consoleUrl(), CONSOLE);
      await page.getByRole('button', { name: 'Storage', exact: true }).click();
      await page.locator('svg[data-chart="bytes"] rect[data-key]').first().waitFor({ timeout: 15_000 });
      const report = await client.storageReport();
      expect(report.tiers.find((t) => t.tier === 'archive')).toMatchObject({ objects: 2, bytes: assets.storm.sizeBytes + assets.flood.sizeBytes });
      expect(report.tiers.find((t) => t.tier === 'nearline')).toMatchObject({ objects: 1, bytes: assets.council.sizeBytes });
      await expectChartMatches(page, report);
      await expect(page.locator('.cw-prices').textContent()).resolves.toContain(report.prices.source);
      expect(report.prices.source).toMatch(/^operator prices/);
      // Accessible: the charts are images with a title and a description naming the totals.
      await expect(page.getByRole('img', { name: /Bytes per storage tier/ }).count()).resolves.toBe(1);
      await shot(page, 'console-1280x800-storage');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^cutaway-storage-report-\d{4}-\d{2}-\d{2}\.csv$/);
      const saved = join(work.dir, 'report.csv');
      await download.saveAs(saved);
      const api = await fetch(client.storageReportUrl('csv'), { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(await readFile(saved, 'utf8')).toBe(await api.text());
      // Narrow window: the charts keep readable text and scroll sideways.
      await page.setViewportSize(PANEL_SIZES.floating);
      await shot(page, 'console-480x720-storage');
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('Storage updates by itself when an asset moves (ws events), without a refresh', async () => {
      const { page, problems } = await open(consoleUrl(), CONSOLE);
      await page.getByRole('button', { name: 'Storage', exact: true }).click();
      await page.locator('svg[data-chart="bytes"] rect[data-key]').first().waitFor({ timeout: 15_000 });
      const before = (await chartRows(page, 'bytes')).find((r) => r.tier === 'nearline')!.total;
      await client.setTier(assets.market.id, 'nearline');
      const moved = await eventually(async () => {
        const a = await client.getAsset(assets.market.id);
        return a.storageTier === 'nearline' && !a.tierMove && a;
      }, 60_000, 300);
      await waitChartTotal(page, 'nearline', before + moved.sizeBytes);
      await expectChartMatches(page, await client.storageReport());
      // And back, for the tests that follow.
      await client.setTier(assets.market.id, 'online');
      await eventually(async () => (await client.getAsset(assets.market.id)).storageTier === 'online', 60_000, 300);
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);

    it('Restore with a deadline the ETA misses: the warning names both times, progress moves, then restored', async () => {
      const { page, problems } = await open(consoleUrl(), CONSOLE);
      await page.locator('input[type="search"]').fill('harbour');
      const hit = page.locator(`[data-asset-id="${assets.storm.id}"]`);
      await hit.waitFor({ timeout: 15_000 });
      await expect(hit.locator('.cw-tier-badge').textContent()).resolves.toBe('ARCHIVE');
      await hit.getByRole('button', { name: 'Storm over the harbour' }).click();
      const status = page.getByRole('region', { name: 'Storage tier and restore' });
      await expect(status.getAttribute('data-restore-state')).resolves.toBe('none');
      // Needed 3 s from now; the archive volume needs RESTORE_MS: late by construction.
      const neededBy = new Date(Date.now() + 3000).toISOString();
      await status.getByLabel('Needed by').fill(neededBy);
      await status.getByRole('button', { name: 'Restore' }).click();
      const warning = status.locator('.cw-late[role="alert"]');
      await warning.waitFor({ timeout: 15_000 });
      await expect(warning.getAttribute('data-needed-by')).resolves.toBe(neededBy);
      const asked = await client.getAsset(assets.storm.id);
      expect(asked.restore).toMatchObject({ late: true, neededBy });
      await expect(warning.getAttribute('data-eta')).resolves.toBe(asked.restore.etaAt);
      await expect(warning.textContent()).resolves.toMatch(/Restore will be late\. Needed by \d\d:\d\d:\d\d, expected \d\d:\d\d:\d\d/);
      // Progress arrives as asset.updated events: the bar moves past 0 before the original is back.
      await waitProgress(page, RESTORE_MS + 10_000);
      await shot(page, 'console-1280x800-asset-restore-late');
      await waitRestoreState(page, ['restored'], RESTORE_MS + 30_000);
      await expect(warning.count()).resolves.toBe(0);
      await expect(status.locator('.cw-archive-label').textContent()).resolves.toMatch(/^Restored: the original is readable until/);
      const restored = await client.getAsset(assets.storm.id);
      expect(restored.restore).toMatchObject({ state: 'restored', percent: 100 });
      // The original downloads now (409 before the restore).
      const res = await fetch(client.mediaUrl(assets.storm.id, { rendition: 'original' }), { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(restored.sizeBytes);
      await shot(page, 'console-1280x800-asset-restored');
      // The report counts the restore and its cost.
      await page.getByRole('button', { name: 'Storage', exact: true }).click();
      await page.locator('svg[data-chart="bytes"] rect[data-key]').first().waitFor({ timeout: 15_000 });
      const report = await client.storageReport();
      expect(report.restoresThisMonth.count).toBe(1);
      await expectChartMatches(page, report);
      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);

    it('Policies: lists them, a dry run shows what would move and the bytes, disable and enable', async () => {
      const policy = await client.createArchivePolicy({ name: 'Old city footage to cold', targetTier: 'archive', rules: { tagsAny: ['old'], notAiringWithinDays: 7 }, everyMinutes: null });
      const { page, problems } = await open(consoleUrl(), CONSOLE);
      await page.getByRole('button', { name: 'Policies', exact: true }).click();
      const row = page.locator(`[data-policy-id="${policy.id}"]`);
      await row.waitFor({ timeout: 15_000 });
      await expect(row.textContent()).resolves.toContain('to archive · tagged old · not airing within 7 days · on request');
      await row.getByRole('button', { name: 'Dry run' }).click();
      const dry = row.locator('.cw-dry-run');
      await dry.waitFor({ timeout: 15_000 });
      const api = await client.dryRunArchivePolicy(policy.id);
      expect(api.items.map((i) => i.assetId)).toEqual([assets.market.id]);
      await expect(dry.getAttribute('data-bytes')).resolves.toBe(String(assets.market.sizeBytes));
      await expect(dry.locator(`tr[data-asset-id="${assets.market.id}"] td`).nth(2).textContent().then(count)).resolves.toBe(assets.market.sizeBytes);
      await expect(dry.locator('.cw-dry-total').textContent()).resolves.toContain('Would move 1 original');
      await shot(page, 'console-1280x800-policies-dry-run');
      await row.getByRole('button', { name: 'Disable' }).click();
      await page.locator(`[data-policy-id="${policy.id}"][data-enabled="false"]`).waitFor({ timeout: 10_000 });
      expect((await client.listArchivePolicies()).find((p) => p.id === policy.id)?.enabled).toBe(false);
      await row.getByRole('button', { name: 'Enable' }).click();
      await page.locator(`[data-policy-id="${policy.id}"][data-enabled="true"]`).waitFor({ timeout: 10_000 });
      expect((await client.listArchivePolicies()).find((p) => p.id === policy.id)?.enabled).toBe(true);
      // Nothing moved: a dry run and a toggle never queue a move.
      expect((await client.getAsset(assets.market.id)).storageTier).toBe('online');
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  });

  describe('Premiere panel at 360×640', () => {
    it('shows tier badges, and warns the moment a restore requested elsewhere (a rundown link) runs late', async () => {
      const { page, problems } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.adminToken)}`, PANEL_SIZES.docked);
      await page.locator('input[type="search"]').fill('flood');
      const hit = page.locator(`[data-asset-id="${assets.flood.id}"]`);
      await hit.waitFor({ timeout: 15_000 });
      await expect(hit.locator('.cw-tier-badge').textContent()).resolves.toBe('ARCHIVE');
      await shot(page, 'premiere-360x640-results-archived');
      await hit.getByRole('button', { name: 'Flood defences inspected' }).click();
      const status = page.getByRole('region', { name: 'Storage tier and restore' });
      await status.waitFor();
      await expect(status.locator('.cw-late').count()).resolves.toBe(0);
      await page.waitForTimeout(500); // the ws is open before the restore is asked for (events are not replayed)
      // Not from this panel: the API call a rundown link makes (ArchiveService.ensureAvailableBy → restore).
      const neededBy = new Date(Date.now() + 2000).toISOString();
      const asked = await client.restore(assets.flood.id, { neededBy });
      expect(asked.restore.late).toBe(true);
      const warning = status.locator('.cw-late[role="alert"]');
      await warning.waitFor({ timeout: 15_000 });
      await expect(warning.getAttribute('data-needed-by')).resolves.toBe(neededBy);
      await expect(warning.getAttribute('data-eta')).resolves.toBe(asked.restore.etaAt);
      // The live strip says it too, with the asset's title, for an editor looking at something else.
      await expect(page.locator(`.cw-live .cw-late[data-asset-id="${assets.flood.id}"]`).textContent()).resolves.toContain('Flood defences inspected is needed by');
      await waitProgress(page, RESTORE_MS + 10_000);
      await shot(page, 'premiere-360x640-restore-late');
      await waitRestoreState(page, ['restored'], RESTORE_MS + 30_000);
      await expect(page.locator('.cw-late').count()).resolves.toBe(0);
      await shot(page, 'premiere-360x640-restored');
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);

    it('Restore from the panel without a deadline', async () => {
      // Storm was restored by the console test; archive it again from scratch on the council clip instead.
      await client.setTier(assets.council.id, 'archive');
      await eventually(async () => (await client.getAsset(assets.council.id)).storageTier === ('archive' as StorageTier) || null, 60_000, 300);
      const { page, problems } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.adminToken)}`, PANEL_SIZES.docked);
      await page.locator('input[type="search"]').fill('council');
      const hit = page.locator(`[data-asset-id="${assets.council.id}"]`);
      await hit.waitFor({ timeout: 15_000 });
      await hit.getByRole('button', { name: 'Council vote on the bridge' }).click();
      const status = page.getByRole('region', { name: 'Storage tier and restore' });
      await status.getByRole('button', { name: 'Restore' }).click();
      await waitRestoreState(page, ['requested', 'in_progress'], 15_000);
      await expect(status.locator('.cw-late').count()).resolves.toBe(0);
      const asked = await client.getAsset(assets.council.id);
      expect(asked.restore).toMatchObject({ neededBy: null, late: false });
      expect(['requested', 'in_progress']).toContain(asked.restore.state);
      await shot(page, 'premiere-360x640-restoring');
      // A typo in "needed by" is a sentence, not a request.
      await status.getByLabel('Needed by').fill('half past six');
      await status.getByRole('button', { name: 'Update deadline' }).click();
      await expect(status.locator('.cw-error').textContent()).resolves.toMatch(/is not a time: write 18:30/);
      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);
  });
});
