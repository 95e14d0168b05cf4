import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared/schemas';
import { generateNewsClip } from '../media/generate';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, PANEL_SIZES, REPO, serveStatic } from './browser';

const exec = promisify(execFile);
if (CHROMIUM_SKIP_REASON) console.warn(`UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * Why each result matched (issue 14 "results say why they matched"), shown by the shared result list in
 * the console (1280×800) and the Premiere panel (360×640), against a real server that ingested and
 * enriched a generated clip (espeak-ng speech, drawtext lower thirds). Screenshots: test-artifacts/ui/.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('search results say why they matched', () => {
  let server: ServerProcess;
  let panel: { url: string; close: () => Promise<void> };
  let panelDist: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let asset: Asset;
  let browser: Browser;

  beforeAll(async () => {
    panelDist = await tempDir('reasons-panel-dist');
    await exec(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: join(REPO, 'premiere-panel'), env: { ...process.env, CUTAWAY_DIST_DIR: panelDist.dir } });
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    panel = await serveStatic(join(panelDist.dir, 'premiere-panel-dev'));
    data = await tempDir('reasons-data');
    media = await tempDir('reasons-media');
    await generateNewsClip(`${media.dir}/harbour.mp4`, {
      durationS: 14, width: 640, height: 360, fps: 25, cutsAtS: [7],
      speech: [{ text: 'The storm reached the harbour this morning.', atS: 1, voice: 'en-us' }, { text: 'Ferries will stay in port until Friday.', atS: 7.5, voice: 'en-us' }],
      lowerThirds: [{ text: 'HARBOUR WATCH', fromS: 1, toS: 5 }, { text: 'MAYOR YUKI NAKAMURA', fromS: 8, toS: 13 }],
    });
    server = await startServer(data.dir, {
      CUTAWAY_CORS_ORIGINS: panel.url,
      CUTAWAY_ENRICH_OCR: 'local', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_SPEECH: 'local',
    });
    const client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const uploaded = await upload(server.url, server.adminToken, `${media.dir}/harbour.mp4`, { title: 'Harbour storm', tags: 'weather' });
    asset = await eventually(async () => {
      const a = await client.getAsset(uploaded.id);
      return a.status === 'ready' && a.enrichment.ocr?.status === 'done' && a.enrichment.speech && !['queued', 'running'].includes(a.enrichment.speech.status) ? a : null;
    }, 240_000, 1000);
    browser = await launchChromium();
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await panel?.close();
    await panelDist?.cleanup();
    await data?.cleanup();
    await media?.cleanup();
  });

  async function open(url: string, size: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: size });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(url);
    return { page, problems };
  }

  /** Every moment row of the asset says in words why it is there. */
  async function reasons(page: Page): Promise<string[]> {
    const rows = page.locator(`[data-asset-id="${asset.id}"] .cw-moment .cw-why`);
    await rows.first().waitFor({ timeout: 20_000 });
    return rows.allTextContents();
  }

  it('console at 1280×800: said, on screen and in the title; a misspelled name says how it is spelled', async () => {
    const { page, problems } = await open(`${server.url}/#token=${encodeURIComponent(server.adminToken)}`, { width: 1280, height: 800 });
    await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
    await page.locator('input[type="search"]').fill('harbour');
    const said = await reasons(page);
    expect(said.length).toBeGreaterThan(0);
    for (const r of said) expect(r).toMatch(/^(said|on screen|sounds like “[^”]+”|similar meaning) at \d\d:\d\d:\d\d:\d\d/);
    expect(said.some((r) => r.startsWith('on screen at 00:00:01:'))).toBe(true);
    // The asset's own sentence: the title matched too.
    await expect(page.locator(`[data-asset-id="${asset.id}"] .cw-hit-why`).textContent()).resolves.toMatch(/^in the title( and file name)?; (said|on screen) at /);
    await page.screenshot({ path: join(ARTIFACTS, 'console-1280x800-reasons.png') });
    await page.locator('input[type="search"]').fill('Nakamra');
    await page.getByText(/spelled “nakamura”/).first().waitFor({ timeout: 20_000 });
    expect((await reasons(page))[0]).toMatch(/^on screen at 00:00:0[89]:\d\d \(spelled “nakamura”\)$/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-1280x800-reasons-spelling.png') });
    expect(problems).toEqual([]);
  }, 60_000);

  it('Premiere panel at 360×640: the same sentences, readable at panel width', async () => {
    const { page, problems } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.adminToken)}`, PANEL_SIZES.docked);
    await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
    await page.locator('input[type="search"]').fill('Nakamra');
    await page.getByText(/spelled “nakamura”/).first().waitFor({ timeout: 20_000 });
    const why = page.locator(`[data-asset-id="${asset.id}"] .cw-moment .cw-why`).first();
    // The whole sentence is visible, not cut off at the panel's edge.
    expect(await why.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'premiere-360x640-reasons.png') });
    await page.locator('input[type="search"]').fill('harbour');
    // The new answer, not the previous query's rows still on screen.
    await page.getByText(/on screen at 00:00:01:/).first().waitFor({ timeout: 20_000 });
    await reasons(page);
    await page.screenshot({ path: join(ARTIFACTS, 'premiere-360x640-reasons-said.png') });
    expect(problems).toEqual([]);
  }, 60_000);
});
