import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared/schemas';
import { FACES, composeVideo, faceCrop } from '../vision/faces-media';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, openPage, PANEL_SIZES, REPO } from './browser';

const CONSOLE = { width: 1280, height: 800 };
/** Only the steps this suite needs: the machine is small (as in test/e2e/people.e2e.test.ts). */
const ENV = {
  CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_PHONETIC: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_VISION_THREADS: '1',
};

if (CHROMIUM_SKIP_REASON) console.warn(`people UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * The People view (issue 17) in headless Chromium against a real platform-api whose faces step ran on
 * real media composed from face crops shipped in @vladmandic/human (who is on screen when is known by
 * construction, test/vision/faces-media.ts): name a face, see the name in the grid (and in a second
 * console, live, from `person.updated`), find the name by search, reject a suggestion, open a face.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('People view in the console (headless Chromium, real server, real faces)', () => {
  let server: ServerProcess;
  let client: CutawayClient;
  let browser: Browser;
  let work: { dir: string; cleanup: () => Promise<void> };
  let council: Asset;
  let market: Asset;

  beforeAll(async () => {
    work = await tempDir('ui-people');
    const d = work.dir;
    const [a0, a2, a3, b, c] = [faceCrop(FACES.manA[0]!, `${d}/a0.png`), faceCrop(FACES.manA[2]!, `${d}/a2.png`), faceCrop(FACES.manA[3]!, `${d}/a3.png`), faceCrop(FACES.womanB, `${d}/b.png`), faceCrop(FACES.womanC, `${d}/c.png`)];
    // The man of shots 1 and 3 (two photos), the woman B of shot 2; the market: the man (a third photo), woman C.
    composeVideo([
      { image: a0, durationS: 4, background: 'darkblue', x: 120, y: 90, driftX: 20 },
      { image: b, durationS: 4, background: 'gray', x: 380, y: 120 },
      { image: a2, durationS: 4, background: 'darkgreen', x: 220, y: 60 },
    ], `${d}/council.mp4`);
    composeVideo([
      { image: a3, durationS: 4, background: 'darkred', x: 300, y: 80 },
      { image: c, durationS: 4, background: 'gray', x: 100, y: 100 },
    ], `${d}/market.mp4`);
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    server = await startServer(join(d, 'data'), ENV);
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const facesDone = (id: string) =>
      eventually(async () => {
        const a = await client.getAsset(id);
        return a.enrichment.faces?.status === 'done' && a;
      }, 300_000, 1000);
    // One after the other: the market's man is then grouped with the council's (a suggestion to check).
    council = await facesDone((await upload(server.url, server.adminToken, `${d}/council.mp4`, { title: 'Council meeting' })).id);
    market = await facesDone((await upload(server.url, server.adminToken, `${d}/market.mp4`, { title: 'Market day' })).id);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await work?.cleanup();
  });

  const consoleUrl = () => `${server.url}/#token=${encodeURIComponent(server.adminToken)}`;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  async function openPeople(size: { width: number; height: number }) {
    const opened = await openPage(browser, consoleUrl(), size);
    await opened.page.getByText('Connected (v0.1.0)').waitFor({ timeout: 20_000 });
    await opened.page.getByRole('button', { name: 'People', exact: true }).click();
    await opened.page.locator('.cw-person-card').first().waitFor({ timeout: 20_000 });
    return opened;
  }
  /** Every <img> on the page has loaded a picture (face thumbnails come with the token in the URL). */
  const imagesLoaded = (page: Page) => eventually(async () => (await page.$$eval('img.cw-face', (imgs) => imgs.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 0))) || null, 20_000, 200);

  it('names a face, shows the name everywhere, finds it by search, rejects a suggestion and opens a face', async () => {
    // The server's grouping, as the grid must show it: the man of both assets (3 faces), two women.
    const before = await client.listPeople();
    const man = before.find((p) => p.trackCount === 3)!;
    expect(man).toMatchObject({ name: null, assetCount: 2 });
    expect(before).toHaveLength(3);
    const manDetail = await client.getPerson(man.id);
    const suggested = manDetail.tracks.find((t) => t.assetId === market.id)!;
    expect(suggested.status).toBe('suggested');

    const { page, problems } = await openPeople(CONSOLE);
    // A second console, left on the grid: it must see the name arrive without a reload.
    const other = await openPeople(PANEL_SIZES.floating);

    const cards = page.locator('.cw-person-card');
    expect(await cards.count()).toBe(3);
    const manCard = page.locator(`.cw-person-card[data-person-id="${man.id}"]`);
    await expect.poll(() => manCard.textContent()).toContain('Unnamed');
    expect(await manCard.textContent()).toContain('3 face moments2 assets · 3 to check');
    await imagesLoaded(page);
    await shot(page, 'console-1280x800-people');

    // The person: three faces with asset titles and timecodes.
    await manCard.getByRole('button').click();
    const rows = page.locator('.cw-face-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => page.locator('.cw-face-asset').allTextContents()).toEqual(expect.arrayContaining(['Council meeting', 'Market day']));
    expect(await rows.first().locator('.cw-face-tc').textContent()).toMatch(/^00:00:0\d:\d\d–00:00:0\d:\d\d/);
    await imagesLoaded(page);

    // Name the first council face.
    const firstCouncil = manDetail.tracks.find((t) => t.assetId === council.id)!;
    await page.locator(`.cw-face-row[data-track-id="${firstCouncil.id}"] .cw-face-check`).check();
    await page.getByLabel('Name', { exact: true }).fill('Mayor');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('status').filter({ hasText: 'Named Mayor.' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator(`.cw-face-row[data-track-id="${firstCouncil.id}"]`).getAttribute('data-status')).toBe('confirmed');
    await shot(page, 'console-1280x800-person');
    const named = await client.getPerson(man.id);
    expect(named).toMatchObject({ name: 'Mayor', confirmedCount: 1 });

    // The other console's grid shows the name (person.updated), no reload.
    await expect.poll(() => other.page.locator(`.cw-person-card[data-person-id="${man.id}"]`).textContent(), { timeout: 15_000 }).toContain('Mayor');

    // Reject the market suggestion: it leaves the Mayor, for good.
    await page.locator(`.cw-face-row[data-track-id="${suggested.id}"]`).getByRole('button', { name: 'Not this person' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    const afterReject = await client.getPerson(man.id);
    expect(afterReject.tracks.map((t) => t.id)).not.toContain(suggested.id);
    expect(afterReject.trackCount).toBe(2);

    // 480×720 on the person (the second console followed the change too).
    await other.page.locator(`.cw-person-card[data-person-id="${man.id}"]`).getByRole('button').click();
    await expect.poll(() => other.page.locator('.cw-face-row').count()).toBe(2);
    await imagesLoaded(other.page);
    await shot(other.page, 'console-480x720-person');

    // Back to the grid: the name is on the card.
    await page.getByRole('button', { name: 'All people' }).click();
    await expect.poll(() => manCard.textContent()).toContain('Mayor');
    expect(await manCard.textContent()).toContain('2 face moments1 asset · 1 to check');
    await expect.poll(() => cards.count()).toBe(4); // the rejected face is a person of its own

    // Search the name: the Mayor's face moments, read as "seen: Mayor", in the council only.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search the archive').fill('Mayor');
    const hit = page.locator(`.cw-hit[data-asset-id="${council.id}"]`);
    await hit.waitFor({ timeout: 20_000 });
    const faceMoments = hit.locator('.cw-moment[data-moment-kind="face"]');
    await expect.poll(() => faceMoments.count()).toBe(2);
    expect((await faceMoments.locator('.cw-moment-text').allTextContents()).every((t) => t === 'seen: Mayor')).toBe(true);
    expect(await page.locator(`.cw-hit[data-asset-id="${market.id}"]`).count()).toBe(0);
    await shot(page, 'console-1280x800-search-mayor');
    // Renamed elsewhere (the API here): the results on screen follow (person.updated → search again).
    await client.namePerson(man.id, 'Mayor Jones');
    await expect.poll(() => faceMoments.locator('.cw-moment-text').allTextContents(), { timeout: 15_000 }).toEqual(['seen: Mayor Jones', 'seen: Mayor Jones']);

    // Clicking a face opens the asset at that moment; Back returns to People.
    await page.getByRole('button', { name: 'People', exact: true }).click();
    await manCard.getByRole('button').click();
    await page.locator(`.cw-face-row[data-track-id="${firstCouncil.id}"] .cw-face-open`).click();
    await page.getByRole('heading', { name: 'Council meeting' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '← Results' }).click();
    await page.locator('.cw-people').waitFor({ timeout: 10_000 });

    // Merge, split and delete (with its confirm step) on the two women.
    const women = await Promise.all(before.filter((p) => p.id !== man.id).map((p) => client.getPerson(p.id)));
    const womanB = women.find((p) => p.tracks[0]!.assetId === council.id)!;
    const womanC = women.find((p) => p.tracks[0]!.assetId === market.id)!;
    await page.locator(`.cw-person-card[data-person-id="${womanB.id}"]`).getByRole('button').click();
    await page.getByRole('button', { name: 'Merge into…' }).click();
    await page.locator(`.cw-merge-targets [data-person-id="${womanC.id}"]`).click();
    await expect.poll(() => page.locator(`.cw-person[data-person-id="${womanC.id}"] .cw-face-row`).count()).toBe(2);
    expect((await client.getPerson(womanC.id)).trackCount).toBe(2);
    await page.locator('.cw-face-row').first().locator('.cw-face-check').check();
    await page.getByRole('button', { name: 'Split selected faces (1)' }).click();
    await page.getByRole('status').filter({ hasText: '1 face moved to a new person.' }).waitFor({ timeout: 10_000 });
    const splitId = await page.locator('.cw-person').getAttribute('data-person-id');
    expect(splitId).not.toBe(womanC.id);
    expect((await client.getPerson(womanC.id)).trackCount).toBe(1);
    await page.getByRole('button', { name: 'Delete person' }).click();
    const confirmBox = page.getByRole('alertdialog', { name: 'Delete person' });
    await confirmBox.waitFor();
    await shot(page, 'console-1280x800-person-delete');
    await confirmBox.getByRole('button', { name: 'Cancel' }).click();
    expect((await client.getPerson(splitId!)).trackCount).toBe(1); // cancelled: nothing deleted
    await page.getByRole('button', { name: 'Delete person' }).click();
    await confirmBox.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator(`.cw-person-card[data-person-id="${splitId}"]`).count()).toBe(0);
    expect((await client.listPeople()).map((p) => p.id)).not.toContain(splitId);

    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
    await other.page.close();
    await page.close();
  }, 240_000);
});
