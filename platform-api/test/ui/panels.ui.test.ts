import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset, Moment } from '@cutaway/shared/schemas';
import { msToTimecode } from '@cutaway/shared/timecode';
import { generateNewsClip, type NewsClipTruth } from '../media/generate';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, openPage, PANEL_SIZES, REPO, serveStatic } from './browser';

const exec = promisify(execFile);
const RATE = { num: 30000, den: 1001 }; // 29.97 NDF: the rate whose ticks and timecodes are easiest to get wrong
const TICKS_PER_FRAME = 8_475_667_200n; // 254 016 000 000 · 1001 / 30000
const SEQ_TIMEBASE = '10160640000'; // a 25 fps sequence
const PLAYHEAD = String(250n * 10_160_640_000n); // 00:00:10:00 at 25 fps
const WORD = 'weather';

if (CHROMIUM_SKIP_REASON) console.warn(`UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * The panels in headless Chromium against a real platform-api holding generated media whose speech
 * (espeak-ng) is known by construction. The Premiere build runs the real UXP adapter over the recording
 * premierepro fake; the console runs the web host. Screenshots at UXP panel sizes go to test-artifacts/ui/.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('panels in headless Chromium against a real platform-api', () => {
  let server: ServerProcess;
  let panel: { url: string; close: () => Promise<void> };
  let panelDist: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let truth: NewsClipTruth;
  let asset: Asset;
  let spoken: Moment;
  let browser: Browser;
  let client: CutawayClient;

  beforeAll(async () => {
    // The dev build of the panel (real adapter over the recording fake) is what the browser loads.
    // Into a folder of its own: premiere-panel/test/build.test.ts may build at the same time.
    panelDist = await tempDir('ui-panel-dist');
    await exec(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: join(REPO, 'premiere-panel'), env: { ...process.env, CUTAWAY_DIST_DIR: panelDist.dir } });
    // The console too, so the server serves today's bundle instead of building one in the background.
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    panel = await serveStatic(join(panelDist.dir, 'premiere-panel-dev'));
    data = await tempDir('ui-data');
    media = await tempDir('ui-media');
    truth = await generateNewsClip(`${media.dir}/forecast.mp4`, {
      durationS: 14, width: 640, height: 360, fps: RATE, cutsAtS: [7],
      speech: [{ text: 'Weather forecast for tomorrow.', atS: 3, voice: 'en-us' }],
    });
    server = await startServer(data.dir, {
      CUTAWAY_CORS_ORIGINS: panel.url,
      CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_SPEECH: 'local',
    });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const uploaded = await upload(server.url, server.adminToken, `${media.dir}/forecast.mp4`, { title: 'Morning forecast', tags: 'weather' });
    asset = await eventually(async () => {
      const a = await client.getAsset(uploaded.id);
      return a.status === 'ready' && a.enrichment.speech?.status === 'done' ? a : null;
    }, 150_000, 1000);
    const hit = (await client.search({ q: WORD })).items.find((h) => h.asset.id === asset.id);
    const m = hit?.moments.find((x) => x.kind === 'speech');
    const heard = (await client.moments(asset.id, 'speech')).map((x) => x.text);
    expect(m, `pocketsphinx heard ${JSON.stringify(heard)}`).toBeDefined();
    spoken = m!;
    // The moment is where the words were said (ground truth by construction).
    expect(Math.abs(spoken.startMs - truth.speech[0]!.voicedFromMs)).toBeLessThanOrEqual(500);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await panel?.close();
    await panelDist?.cleanup();
    await data?.cleanup();
    await media?.cleanup();
  });

  /** A page that fails the test on any uncaught error or CSP violation (the bad-token test's 401s aside). */
  const open = (url: string, size: { width: number; height: number }) => openPage(browser, url, size, { ignoreConsole: /Failed to load resource: the server responded with a status of 401/ });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  describe('Premiere panel (UXP adapter over the recording premierepro fake)', () => {
    let page: Page;
    let problems: string[];

    it('shows what to do before the first search', async () => {
      ({ page, problems } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(server.adminToken)}&timebase=${SEQ_TIMEBASE}&playhead=${PLAYHEAD}`, PANEL_SIZES.docked));
      await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
      await expect(page.locator('.cw-empty').textContent()).resolves.toMatch(/Type what was said/);
      // The sign-in parameters are gone from the address bar.
      expect(page.url()).not.toContain(server.adminToken);
      await shot(page, 'premiere-360x640-empty');
    }, 30_000);

    it('finds the clip by the spoken word, with the moment at the right SMPTE timecode', async () => {
      await page.locator('input[type="search"]').fill(WORD);
      const row = page.locator(`[data-asset-id="${asset.id}"] .cw-moment[data-moment-kind="speech"]`).first();
      await row.waitFor({ timeout: 15_000 });
      await expect(page.locator(`[data-asset-id="${asset.id}"] .cw-hit-title`).textContent()).resolves.toBe('Morning forecast');
      // Computed here from the moment's ms and the asset's rate, independently of the server's strings.
      const tcIn = msToTimecode(spoken.startMs, RATE);
      const tcOut = msToTimecode(spoken.endMs, RATE);
      await expect(row.locator('.cw-tc').textContent()).resolves.toBe(`${tcIn}–${tcOut}`);
      await expect(row.locator('mark').first().textContent()).resolves.toMatch(/weather/i);
      await shot(page, 'premiere-360x640-results');
      // Filters narrow by moment kind: "On-screen text" has no match here, "Speech" brings it back.
      await page.getByRole('button', { name: 'Filters' }).click();
      await page.getByRole('button', { name: 'On-screen text' }).click();
      await page.getByText(/Nothing matches “weather”/).waitFor({ timeout: 15_000 });
      await shot(page, 'premiere-360x640-filters-empty');
      await page.getByRole('button', { name: 'On-screen text' }).click();
      await page.getByRole('button', { name: 'Speech' }).click();
      await row.waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Speech' }).click();
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.setViewportSize(PANEL_SIZES.floating);
      await shot(page, 'premiere-480x720-results');
    }, 30_000);

    it('Insert: downloads the proxy, imports it into the Cutaway bin, sets frame-exact in/out and inserts at the playhead', async () => {
      const row = page.locator(`[data-asset-id="${asset.id}"] .cw-moment[data-moment-kind="speech"]`).first();
      await row.getByRole('button', { name: 'Insert' }).click();
      await page.getByText(/Inserted “.*” at the playhead/).waitFor({ timeout: 30_000 });
      await shot(page, 'premiere-480x720-inserted');

      // What "Premiere" received, read from the recording fake the page exposes (dev-main.tsx).
      const rec = (await page.evaluate('({ calls: cutawayFake.calls, timeline: cutawayFake.timeline, files: cutawayFake.files(), paths: cutawayFake.projectPaths() })')) as { calls: Array<{ op: string; kind?: string; paths?: string[]; targetBin?: string | null; args?: Record<string, unknown> }>; timeline: Array<Record<string, unknown>>; files: Array<{ nativePath: string; bytes: number }>; paths: string[] };

      // The whole proxy was downloaded into the plugin's data folder (size from the server's own rendition).
      const proxy = asset.renditions.find((r) => r.kind === 'proxy')!;
      expect(rec.files).toHaveLength(1);
      const file = rec.files[0]!;
      expect(file.bytes).toBe(proxy.sizeBytes);
      expect(file.nativePath).toMatch(/\/PluginData\/media-cache\/Morning forecast_[a-z0-9_-]{8}_proxy\.mp4$/i);

      // Imported by native path into the Cutaway bin (never `undefined` as the bin), found by reading the bin back.
      const imports = rec.calls.filter((c) => c.op === 'importFiles');
      expect(imports).toEqual([{ op: 'importFiles', paths: [file.nativePath], suppressUI: true, targetBin: 'Cutaway' }]);
      expect(rec.paths).toEqual(['Cutaway', `Cutaway/${file.nativePath.split('/').pop()}`]);

      // In = the frame on screen at startMs; out = the next frame boundary at endMs; both in 29.97 ticks.
      const inTicks = String(BigInt(Math.floor((spoken.startMs * RATE.num) / (1000 * RATE.den))) * TICKS_PER_FRAME);
      const outTicks = String(BigInt(Math.ceil((spoken.endMs * RATE.num) / (1000 * RATE.den))) * TICKS_PER_FRAME);
      const inout = rec.calls.find((c) => c.op === 'action' && c.kind === 'createSetInOutPointsAction');
      expect(inout?.args).toEqual({ item: file.nativePath.split('/').pop(), inTicks, outTicks });
      expect(rec.timeline).toEqual([{ mode: 'insert', name: file.nativePath.split('/').pop(), mediaPath: file.nativePath, atTicks: PLAYHEAD, videoTrack: 0, audioTrack: 0, inTicks, outTicks }]);

      // Every edit inside lockedAccess → executeTransaction, none awaited inside, no violation.
      expect(rec.calls.filter((c) => c.op === 'violation')).toEqual([]);
      const edits = rec.calls.filter((c) => c.op !== 'importFiles').map((c) => (c.op === 'action' ? 'action' : c.op));
      expect(edits.join(',')).toBe(Array(3).fill('lockedAccess:start,transaction:start,action,transaction:end,lockedAccess:end').join(','));
      expect(problems).toEqual([]);
    }, 60_000);

    it('preview: the proxy player and transcript at panel size', async () => {
      await page.setViewportSize(PANEL_SIZES.docked);
      const row = page.locator(`[data-asset-id="${asset.id}"] .cw-moment[data-moment-kind="speech"]`).first();
      await row.getByRole('button', { name: 'Preview' }).click();
      await page.locator('video.cw-video').waitFor();
      await page.waitForFunction('document.querySelector("video.cw-video").readyState >= 1', undefined, { timeout: 15_000 });
      await expect(page.locator('.cw-player-bar .cw-muted').textContent()).resolves.toContain(`In ${msToTimecode(spoken.startMs, RATE)}`);
      await shot(page, 'premiere-360x640-detail');
      expect(problems).toEqual([]);
      await page.close();
    }, 30_000);

    it('says clearly when the token is wrong', async () => {
      const { page: p } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=not-a-real-token-000`, PANEL_SIZES.docked);
      await p.getByText(/refused the token/).waitFor({ timeout: 15_000 });
      await shot(p, 'premiere-360x640-bad-token');
      await p.close();
    }, 30_000);

    it('says clearly when the server is unreachable', async () => {
      const { page: p } = await open(`${panel.url}/#server=${encodeURIComponent('http://127.0.0.1:9')}&token=whatever-token-1234`, PANEL_SIZES.docked);
      await p.getByText(/Cannot reach the Cutaway server at http:\/\/127.0.0.1:9/).waitFor({ timeout: 15_000 });
      await shot(p, 'premiere-360x640-unreachable');
      await p.close();
    }, 30_000);
  });

  describe('browser console served by platform-api at /', () => {
    it('signs in from the link, finds the word and downloads the moment as a sub-range of matching duration', async () => {
      const { page, problems } = await open(`${server.url}/#token=${encodeURIComponent(server.adminToken)}`, { width: 1280, height: 800 });
      await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
      expect(page.url()).toBe(`${server.url}/`);
      expect(await page.evaluate('sessionStorage.getItem("cutaway.connection")')).toContain(server.adminToken);
      expect(await page.evaluate('localStorage.length')).toBe(0);

      await page.locator('input[type="search"]').fill(WORD);
      const row = page.locator(`[data-asset-id="${asset.id}"] .cw-moment[data-moment-kind="speech"]`).first();
      await row.waitFor({ timeout: 15_000 });
      await expect(row.locator('.cw-tc').textContent()).resolves.toBe(`${msToTimecode(spoken.startMs, RATE)}–${msToTimecode(spoken.endMs, RATE)}`);
      await shot(page, 'console-1280x800-results');

      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
      const saved = join(media.dir, 'downloaded.mp4');
      await download.saveAs(saved);
      expect(download.suggestedFilename()).toMatch(new RegExp(`_${spoken.startMs}-${spoken.endMs}ms\\.mp4$`));
      await page.getByText(/Downloaded /).waitFor();

      // The server says where the cut really starts and ends (widened to keyframes); the file lasts that long.
      const head = await fetch(client.mediaUrl(asset.id, { rendition: 'original', inMs: spoken.startMs, outMs: spoken.endMs }), { headers: { authorization: `Bearer ${server.adminToken}` } });
      const cutMs = Number(head.headers.get('x-cutaway-out-ms')) - Number(head.headers.get('x-cutaway-in-ms'));
      await head.arrayBuffer();
      const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=duration', '-of', 'csv=p=0', saved]);
      const durMs = Number(stdout.trim()) * 1000;
      expect(cutMs).toBeGreaterThanOrEqual(spoken.endMs - spoken.startMs);
      expect(Math.abs(durMs - cutMs)).toBeLessThanOrEqual(70); // two frames at 29.97
      expect((await readFile(saved)).byteLength).toBeGreaterThan(1000);
      await page.setViewportSize(PANEL_SIZES.docked);
      await shot(page, 'console-360x640-downloaded');
      expect(problems).toEqual([]);
      await page.close();
      await rm(saved, { force: true });
    }, 60_000);

    it('shows new assets and ingest progress live, over the event stream', async () => {
      const { page, problems } = await open(`${server.url}/#token=${encodeURIComponent(server.adminToken)}`, PANEL_SIZES.docked);
      await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500); // let the ws connect before the upload (events are not replayed)
      await generateNewsClip(`${media.dir}/late.mp4`, { durationS: 4, width: 320, height: 180, fps: 25, cutsAtS: [2] });
      const late = await upload(server.url, server.adminToken, `${media.dir}/late.mp4`, { title: 'Late arrival' });
      expect(late.title).toBe('Late arrival');
      await page.locator('.cw-live').getByRole('button', { name: /Late arrival/ }).waitFor({ timeout: 60_000 });
      await shot(page, 'console-360x640-live');
      // Ready arrives too: the chip loses its "(processing)" note.
      await page.locator('.cw-live').getByRole('button', { name: 'Late arrival' }).waitFor({ timeout: 90_000 });
      expect(problems).toEqual([]);
      await page.close();
    }, 150_000);

    it('a console without a token asks for one', async () => {
      const { page } = await open(`${server.url}/`, { width: 800, height: 600 });
      await page.getByRole('form', { name: 'Connection settings' }).waitFor();
      await shot(page, 'console-800x600-signed-out');
      await page.close();
    }, 30_000);
  });
});

await mkdir(ARTIFACTS, { recursive: true });
