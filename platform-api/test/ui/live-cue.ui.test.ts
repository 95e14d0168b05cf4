import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { LiveChannel } from '@cutaway/shared';
import { freePort, pushTestSource, type Generator } from '../live/generator';
import { eventually, startServer, tempDir, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, PANEL_SIZES, REPO, serveStatic } from './browser';

const exec = promisify(execFile);
if (CHROMIUM_SKIP_REASON) console.warn(`UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * Mark in / Mark out in the Premiere panel (issue 11): the panel's dev build (real UXP adapter over the recording
 * fake) in headless Chromium against a real platform-api recording an SRT source. Screenshots at the docked panel
 * size (360×640) and 420 px wide go to test-artifacts/ui/.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('live Mark in / Mark out in the Premiere panel', () => {
  let server: ServerProcess;
  let panel: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let client: CutawayClient;
  let channel: LiveChannel;
  let gen: Generator | undefined;
  const dirs: Array<{ dir: string; cleanup: () => Promise<void> }> = [];

  beforeAll(async () => {
    const dist = await tempDir('ui-live-dist');
    const data = await tempDir('ui-live-data');
    dirs.push(dist, data);
    await exec(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: join(REPO, 'premiere-panel'), env: { ...process.env, CUTAWAY_DIST_DIR: dist.dir } });
    panel = await serveStatic(join(dist.dir, 'premiere-panel-dev'));
    server = await startServer(data.dir, { CUTAWAY_CORS_ORIGINS: panel.url, CUTAWAY_ENRICH: 'off' });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const port = await freePort();
    channel = await client.createLiveChannel({ name: 'Press room', input: { url: `srt://127.0.0.1:${port}?mode=listener` }, segmentSeconds: 2, bufferMinutes: 10, height: 360, videoBitrateKbps: 800 });
    for (let attempt = 0; attempt < 8 && (await client.getLiveChannel(channel.id)).state !== 'live'; attempt++) {
      await gen?.kill();
      gen = pushTestSource(`srt://127.0.0.1:${port}?mode=caller`, { seconds: 600 });
      await eventually(async () => (await client.getLiveChannel(channel.id)).state === 'live' || gen!.proc.exitCode !== null, 30_000, 250);
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await gen?.kill();
    await browser?.close();
    await server?.stop();
    await panel?.close();
    for (const d of dirs) await d.cleanup();
  });

  it('marks in, records, marks out, and follows the clip to its frame-exact master', async () => {
    const page = await browser.newPage({ viewport: PANEL_SIZES.docked });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.adminToken)}`);
    await page.getByTestId('mark-in').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Live channel').inputValue()).toBe(channel.id);
    await page.screenshot({ path: join(ARTIFACTS, 'live-cue-panel-360-idle.png') });
    await page.getByTestId('mark-in').click();
    const clip = await eventually(async () => (await client.listLiveClips(channel.id))[0], 20_000, 250);
    expect(clip.outAt).toBeNull();
    expect(clip.title).toMatch(/^Press room \d\d:\d\d:\d\d$/);
    await page.locator('.cw-rec').waitFor({ timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 3000));
    await page.screenshot({ path: join(ARTIFACTS, 'live-cue-panel-360-recording.png') });
    await page.getByTestId('mark-out').click();
    await page.locator('[data-testid="clip-state"][data-state="instant"], [data-testid="clip-state"][data-state="exact"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'live-cue-panel-360-instant.png') });
    await page.locator('[data-testid="clip-state"][data-state="exact"]').waitFor({ timeout: 90_000 });
    const done = await client.getLiveClip(channel.id, clip.id);
    expect(done.state).toBe('exact');
    expect(Date.parse(done.outAt!) - Date.parse(done.inAt)).toBeGreaterThan(2500);
    expect(await page.getByTestId('mark-in').isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'live-cue-panel-360-exact.png') });
    await page.setViewportSize({ width: 420, height: 720 });
    await page.screenshot({ path: join(ARTIFACTS, 'live-cue-panel-420-exact.png') });
    expect(problems).toEqual([]);
  }, 200_000);
});
