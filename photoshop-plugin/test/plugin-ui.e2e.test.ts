import { execFileSync } from 'node:child_process';
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { msToFrames, type Asset } from '@cutaway/shared';
import { servePlugin, startPlatformApi } from './serve';

/**
 * The plugin UI in headless Chromium over the recording fake Photoshop, against a real platform-api
 * (real ffmpeg, real tesseract): search → frame grab preview → place → push back → the new version is
 * listed and found by search. The placed frame is read back with tesseract: it must be the frame at
 * the moment's in-point. Screenshots at panel sizes go to dist/screenshots/.
 */
const HERE = resolve(import.meta.dirname, '..');
const DIST = resolve(HERE, '../dist');
const SHOTS = resolve(DIST, 'screenshots');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);

/** Reads the frame counter burnt into the middle of the picture (cropped inside its white box, so only digits remain). */
function counterOf(pngPath: string, w: number, h: number): number {
  const crop = `${pngPath}.counter.png`;
  ffmpeg(['-i', pngPath, '-vf', `crop=${Math.round(w * 0.2)}:${Math.round(h * 0.25)}:${Math.round(w * 0.4)}:${Math.round(h * 0.33)}`, crop]);
  const text = execFileSync('tesseract', [crop, '-', '--psm', '6', '-c', 'tessedit_char_whitelist=0123456789'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
  return Number(text.trim().split(/\s+/)[0]);
}

const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`Photoshop plugin UI tests skipped: ${CHROMIUM} is missing (CUTAWAY_WITH_BROWSER=1 scripts/install-system-deps.sh installs it)`);

describe.skipIf(!HAVE_CHROMIUM)(
  'Photoshop plugin UI (headless Chromium, fake Photoshop, real platform-api)',
  () => {
    let work: string;
    let api: Awaited<ReturnType<typeof startPlatformApi>>;
    let web: Awaited<ReturnType<typeof servePlugin>>;
    let browser: Browser;
    let page: Page;
    let client: CutawayClient;
    let clip: Asset;
    let editedPng: Buffer;

    const shot = async (name: string) => {
      for (const [label, size] of [['narrow', { width: 240, height: 420 }], ['docked', { width: 320, height: 640 }], ['floating', { width: 480, height: 720 }]] as const) {
        await page.setViewportSize(size);
        await page.screenshot({ path: join(SHOTS, `photoshop-${name}-${label}.png`) });
      }
      await page.setViewportSize({ width: 320, height: 640 });
    };

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'cutaway-ps-ui-'));
      await mkdir(SHOTS, { recursive: true });
      // 8 s at 25 fps: a frame counter in the middle, "HARBOUR STORM" as a lower third from 2 s to 6 s.
      const counter = `drawtext=fontfile=${FONT}:text='%{frame_num}':fontsize=48:fontcolor=black:box=1:boxcolor=white:boxborderw=40:x=(w-tw)/2:y=h*0.38`;
      const lower = `drawtext=fontfile=${BOLD}:text='HARBOUR STORM':fontsize=32:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=8:x=w*0.06:y=h*0.8:enable='between(t,2,6)'`;
      ffmpeg(['-f', 'lavfi', '-i', `color=c=0x1d3557:s=640x360:r=25,${counter},${lower}`, '-frames:v', '200', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', join(work, 'harbour.mp4')]);
      ffmpeg(['-f', 'lavfi', '-i', `color=c=0x6b3a50:s=1280x720,drawtext=fontfile=${BOLD}:text='EDITED THUMBNAIL':fontsize=64:fontcolor=white:x=80:y=300`, '-frames:v', '1', join(work, 'edited.png')]);
      editedPng = await readFile(join(work, 'edited.png'));
      execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: HERE, stdio: 'pipe', env: { ...process.env, CUTAWAY_PLUGIN_DIST: join(work, 'dist') } });

      api = await startPlatformApi(join(work, 'data'), { CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off' });
      client = new CutawayClient({ baseUrl: api.url, token: api.token });
      const created = await client.uploadAsset(await openAsBlob(join(work, 'harbour.mp4')), { fileName: 'harbour.mp4', title: 'Harbour storm at the ferry terminal' });
      // Ready, and its on-screen text read (the moment whose in-point the test places).
      for (let i = 0; i < 300; i++) {
        clip = await client.getAsset(created.id);
        if (clip.status === 'ready' && clip.enrichment.ocr?.status === 'done') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(clip.enrichment.ocr?.status).toBe('done');
      web = await servePlugin(join(work, 'dist', 'photoshop-plugin-dev'), api.url);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      page = await browser.newPage({ viewport: { width: 320, height: 640 } });
      page.on('pageerror', (e) => console.log('page error:', e.message));
      await page.goto(`${web.url}/#server=${encodeURIComponent(web.url)}&token=${api.token}`);
    }, 400_000);

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await api?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('searches and previews the exact frame at the moment’s in-point', async () => {
      await page.getByTestId('doc-title').filter({ hasText: 'Thumbnail.psd' }).waitFor();
      await page.getByLabel('Search the archive').fill('harbour storm');
      const hit = page.locator(`.cw-hit[data-asset-id="${clip.id}"]`);
      await hit.waitFor();
      const ocr = hit.locator('.cw-moment[data-moment-kind="ocr"]').first();
      await ocr.waitFor();
      await ocr.click();
      const preview = hit.locator('img.ps-preview');
      const src = await preview.getAttribute('src');
      expect(src).toMatch(new RegExp(`/assets/${clip.id}/frame\\?ms=\\d+&width=480&format=jpeg`));
      await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await preview.elementHandle());
      expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([480, 270]);
      await shot('search');
    }, 60_000);

    it('places the frame at the in-point into the open document through the host, linked in its XMP', async () => {
      const moments = (await client.search({ q: 'harbour storm', semantic: false })).items.find((h) => h.asset.id === clip.id)!.moments;
      const ocr = moments.find((m) => m.kind === 'ocr')!;
      const hit = page.locator(`.cw-hit[data-asset-id="${clip.id}"]`);
      await hit.locator('.cw-moment[data-moment-kind="ocr"]').first().getByRole('button', { name: 'Place' }).click();
      await page.getByTestId('op-result').filter({ hasText: 'Placed frame' }).waitFor();
      const placed = await page.evaluate(() => {
        const fake = (window as unknown as { cutawayFake: { active(): { placed: Array<{ fileName: string; bytes: Uint8Array }> } } }).cutawayFake;
        return fake.active().placed.map((p) => ({ fileName: p.fileName, bytes: Array.from(p.bytes) }));
      });
      expect(placed).toHaveLength(1);
      const file = join(work, 'placed.png');
      await writeFile(file, Buffer.from(placed[0]!.bytes));
      await writeFile(join(SHOTS, 'photoshop-placed-frame.png'), Buffer.from(placed[0]!.bytes));
      // The exact frame at source resolution, showing the frame number on screen at the in-point.
      expect(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim()).toBe('png,640,360');
      expect(counterOf(file, 640, 360)).toBe(msToFrames(ocr.startMs, { num: 25, den: 1 }));
      expect(placed[0]!.fileName).toBe(`harbour_v1_f${msToFrames(ocr.startMs, { num: 25, den: 1 })}.png`);
      const calls = await page.evaluate(() => (window as unknown as { cutawayFake: { calls: Array<{ what: string; modal: boolean }> } }).cutawayFake.calls.map((c) => `${c.what}:${c.modal}`));
      expect(calls).toEqual(expect.arrayContaining(['createSessionToken:false', 'executeAsModal:false', 'batchPlay:placeEvent:true', 'batchPlay:set:true']));
      await expect.poll(() => page.getByTestId('doc-link').textContent()).toContain(`Linked to v1 of “${clip.title}” · frame ${ocr.timecodeIn}`);
      expect(await page.getByTestId('doc-link').getAttribute('data-asset-id')).toBe(clip.id);
      await shot('placed');
    }, 60_000);

    it('pushes the edited document back as v2: listed in the panel, announced, on the server and found by search', async () => {
      await page.evaluate((bytes) => (window as unknown as { cutawayFake: { setRendering(f: string, b: number[]): void } }).cutawayFake.setRendering('png', bytes), Array.from(editedPng));
      await page.getByRole('button', { name: 'Push as new version' }).click();
      await page.getByTestId('op-result').filter({ hasText: 'as v2 of 2' }).waitFor();
      await expect.poll(() => page.getByTestId('versions').textContent()).toContain('v2 · Thumbnail.png · photoshop');
      await page.getByTestId('announced').filter({ hasText: 'New version v2' }).waitFor();

      const chain = await client.listVersions(clip.id);
      expect(chain.count).toBe(2);
      const v2 = chain.items[1]!;
      expect(v2).toMatchObject({ version: 2, versionOf: clip.id, title: clip.title, origin: { kind: 'photoshop', ref: clip.id }, mime: 'image/png', sizeBytes: editedPng.length });
      // The document now points at v2, so the next push continues the chain.
      await expect.poll(() => page.getByTestId('doc-link').getAttribute('data-asset-id')).toBe(v2.id);
      await expect.poll(() => page.getByTestId('doc-link').textContent()).toContain(`Linked to v2 of “${clip.title}”`);

      await page.getByLabel('Search the archive').fill('harbour storm ferry');
      const hit = page.locator(`.cw-hit[data-asset-id="${v2.id}"]`);
      await hit.waitFor();
      expect(await hit.locator('.ps-version').textContent()).toBe('v2 of 2');
      expect(await page.locator(`.cw-hit[data-asset-id="${clip.id}"]`).count()).toBe(0);
      await shot('pushed');
    }, 90_000);

    it('opens a still as a new document, linked to it', async () => {
      const v2 = (await client.listVersions(clip.id)).items[1]!;
      for (let i = 0; i < 150 && (await client.getAsset(v2.id)).status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 200));
      await page.locator(`.cw-hit[data-asset-id="${v2.id}"]`).getByRole('button', { name: 'Open' }).first().click();
      await page.getByTestId('op-result').filter({ hasText: 'Opened' }).waitFor();
      await expect.poll(() => page.getByTestId('doc-title').textContent()).toBe(`Thumbnail_v2_f0.png · 1280×720`);
      await expect.poll(() => page.getByTestId('doc-link').textContent()).toBe(`Linked to v2 of “${clip.title}”`);
      expect(await page.getByTestId('doc-link').getAttribute('data-asset-id')).toBe(v2.id);
      await shot('opened');
    }, 60_000);
  },
);
