import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type Approval, type Render } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { generateNewsClip } from '../media/generate';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, openPage } from './browser';

/** The HTMLVideoElement fields read in the page (this package compiles without the DOM library). */
interface Video { readyState: number; duration: number; videoWidth: number; videoHeight: number }

if (CHROMIUM_SKIP_REASON) console.warn(`approvals UI test skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * Issue 16 "People stay in charge", the approver's side, in the browser console against a real platform-api
 * process: person A requests approval for a verified render, person B finds it in the Approvals queue, watches
 * the file, approves one and declines another; A sees "your request" and no Approve button; a declined
 * approval cannot be delivered.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('approvals queue in the console', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let browser: Browser;
  let pat: { id: string; token: string };
  let eve: { id: string; token: string };
  let val: { id: string; token: string };
  let toApprove: Approval;
  let toDecline: Approval;
  let render: Render;

  /** The delivery routes the typed client has no method for yet (selections, renders, requests). */
  const call = async <T,>(token: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  beforeAll(async () => {
    const { buildConsole } = (await import(join(import.meta.dirname, '../../web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    data = await tempDir('ui-approvals-data');
    media = await tempDir('ui-approvals-media');
    await generateNewsClip(`${media.dir}/harbour.mp4`, { durationS: 5, width: 640, height: 360, fps: 25, cutsAtS: [3], speech: [{ text: 'The harbour wall held tonight.', atS: 1, voice: 'en-us' }] });
    server = await startServer(data.dir, {
      CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_SPEECH: 'off',
      CUTAWAY_DELIVERY_DESTINATIONS: JSON.stringify([{ id: 'web-folder', kind: 'folder', name: 'Web desk folder', path: join(data.dir, 'web-folder') }]),
    });
    const admin = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    pat = await admin.createToken({ name: 'Producer Pat', role: 'editor' });
    eve = await admin.createToken({ name: 'Editor Eve', role: 'editor' });
    val = await admin.createToken({ name: 'Viewer Val', role: 'viewer' });
    const up = await upload(server.url, server.adminToken, `${media.dir}/harbour.mp4`, { title: 'Harbour wall' });
    await eventually(async () => (await admin.getAsset(up.id)).status === 'ready', 240_000, 500);

    const sel = await call<{ id: string }>(pat.token, 'POST', '/selections', { title: 'Harbour wall', items: [{ assetId: up.id, inMs: 0, outMs: 4000 }] });
    const started = await call<{ renderId: string }>(pat.token, 'POST', '/renders', { selectionId: sel.id, profileId: 'x-9x16', reframe: 'center', captions: 'none' });
    render = await eventually(async () => {
      const r = await call<Render>(pat.token, 'GET', `/renders/${started.renderId}`);
      if (r.status === 'failed') throw new Error(`render failed: ${r.error}`);
      return r.status === 'done' ? r : null;
    }, 300_000, 500);
    const ask = (title: string) => call<Approval>(pat.token, 'POST', '/approvals', { renderId: render.id, destinationId: 'web-folder', metadata: { title, description: 'The sea wall held; no flooding in the old town.', tags: ['weather', 'harbour'] } });
    toApprove = await ask('Harbour wall holds');
    toDecline = await ask('Harbour wall (draft title)');
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
  const item = (page: Page, id: string) => page.locator(`li[data-approval-id="${id}"]`);

  it('lists the queue for reviewers with what they must see; others see only their own', async () => {
    const asEve = new CutawayClient({ baseUrl: server.url, token: eve.token });
    const pending = await asEve.listDeliveryApprovals({ status: 'pending' });
    expect(pending.items.map((a) => a.id)).toEqual([toDecline.id, toApprove.id]);
    expect(pending.items[1]).toMatchObject({
      renderId: render.id, destinationId: 'web-folder', destinationName: 'Web desk folder', status: 'pending', binding: toApprove.binding,
      requestedBy: { id: pat.id, name: 'Producer Pat' }, approvedBy: null, metadata: { title: 'Harbour wall holds', tags: ['weather', 'harbour'] },
      render: { profileId: 'x-9x16', width: 720, height: 1280, bytes: render.output!.bytes, durationMs: render.output!.durationMs },
    });
    const page1 = await asEve.listDeliveryApprovals({ status: 'all', limit: 1 });
    expect(page1.items.map((a) => a.id)).toEqual([toDecline.id]);
    expect((await asEve.listDeliveryApprovals({ status: 'all', limit: 1, cursor: page1.nextCursor! })).items.map((a) => a.id)).toEqual([toApprove.id]);
    expect((await asEve.listDeliveryApprovals({ status: 'approved' })).items).toEqual([]);
    // A viewer is not a reviewer: only their own requests (none), as GET /approvals/:id answers them 404.
    expect((await new CutawayClient({ baseUrl: server.url, token: val.token }).listDeliveryApprovals()).items).toEqual([]);
    expect((await new CutawayClient({ baseUrl: server.url, token: pat.token }).listDeliveryApprovals({ status: 'pending' })).items).toHaveLength(2);
    const bad = await fetch(`${server.url}/api/v1/approvals?status=maybe`, { headers: { authorization: `Bearer ${eve.token}` } });
    expect(bad.status).toBe(400);
  });

  it('console 1280×800: B watches the render, approves one and declines the other; they leave the waiting list', async () => {
    const { page, problems } = await openPage(browser, `${server.url}/#token=${encodeURIComponent(eve.token)}`, { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Approvals' }).click();
    const first = item(page, toApprove.id);
    await first.waitFor({ timeout: 15_000 });
    await expect.poll(async () => page.locator('li[data-approval-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-approval-id'))), { timeout: 10_000 }).toEqual([toDecline.id, toApprove.id]);
    // The player really loads the verified file (a <video> cannot send a bearer header).
    const video = first.locator('video');
    await expect.poll(async () => video.evaluate((el) => { const v = el as unknown as Video; return v.readyState >= 1 ? v.duration : 0; }), { timeout: 20_000 }).toBeGreaterThan(3.5);
    expect(await video.evaluate((el) => { const v = el as unknown as Video; return [v.videoWidth, v.videoHeight]; })).toEqual([720, 1280]);
    await expect.poll(async () => first.textContent()).toMatch(/Web desk folder/);
    const text = (await first.textContent()) ?? '';
    expect(text).toMatch(/x-9x16 · 720×1280 · \d+ fps · 0:04/);
    expect(text).toMatch(/requested by Producer Pat/);
    expect(text).toMatch(/expires in (23 h \d+ min|24 h)/);
    expect(text).toMatch(/The sea wall held/);
    expect(text).not.toMatch(/your request/);
    // Both players show a frame before the screenshot (HAVE_CURRENT_DATA).
    for (const v of await page.locator('li[data-approval-id] video').all()) await expect.poll(async () => v.evaluate((el) => (el as unknown as Video).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await shot(page, 'console-1280x800-approvals');

    await first.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved “Harbour wall holds” for Web desk folder' }).waitFor({ timeout: 15_000 });
    await first.waitFor({ state: 'detached', timeout: 10_000 });

    const second = item(page, toDecline.id);
    await second.getByRole('button', { name: 'Decline' }).click();
    await second.getByLabel('Why (optional, the requester sees it)').fill('Title says draft');
    await second.getByRole('button', { name: 'Decline' }).click();
    await second.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByText('Nothing waits for a decision.').waitFor({ timeout: 15_000 });
    // A request made meanwhile appears in the open queue by itself (the approval.updated event), no Refresh.
    const meanwhile = await call<Approval>(pat.token, 'POST', '/approvals', { renderId: render.id, destinationId: 'web-folder', metadata: { title: 'Harbour wall, night shot' } });
    await item(page, meanwhile.id).getByText('Harbour wall, night shot').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'All', exact: true }).click();
    await item(page, toApprove.id).locator('text=approved by Editor Eve').waitFor({ timeout: 10_000 });
    await item(page, toDecline.id).locator('text=declined by Editor Eve').waitFor();
    expect(await item(page, toDecline.id).textContent()).toMatch(/Title says draft/);
    for (const v of await page.locator('li[data-approval-id] video').all()) await expect.poll(async () => v.evaluate((el) => (el as unknown as Video).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await shot(page, 'console-1280x800-approvals-decided');
    expect(problems).toEqual([]);
    await page.close();

    const asPat = new CutawayClient({ baseUrl: server.url, token: pat.token });
    expect(await asPat.getDeliveryApproval(toApprove.id)).toMatchObject({ status: 'approved', approvedBy: { id: eve.id } });
    expect(await asPat.getDeliveryApproval(toDecline.id)).toMatchObject({ status: 'declined', declinedBy: { id: eve.id }, declineReason: 'Title says draft' });
    // A declined approval is never delivered, with its own error code.
    const refused = await call(pat.token, 'POST', '/deliveries', { approvalId: toDecline.id }).catch((e: unknown) => e);
    expect(String(refused)).toMatch(/409.*delivery\.approval_declined/);
    const delivered = await call<{ status: string }>(pat.token, 'POST', '/deliveries', { approvalId: toApprove.id });
    expect(delivered.status).toBe('done');
    // Deciding twice is refused, and the trail has both decisions by Eve.
    const again = await new CutawayClient({ baseUrl: server.url, token: eve.token }).declineDelivery(toApprove.id).catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('delivery.approval_invalid');
    const trail = (await new CutawayClient({ baseUrl: server.url, token: server.adminToken }).listAudit({ limit: 100 })).items;
    expect(trail.some((a) => a.action === 'delivery.approve' && a.tokenId === eve.id && a.status === 200)).toBe(true);
    expect(trail.find((a) => a.action === 'delivery.decline' && a.tokenId === eve.id && a.status === 200)?.details).toMatchObject({ approvalId: toDecline.id, reason: 'Title says draft', binding: toDecline.binding });
  }, 120_000);

  it('panel size 480×720: A sees "your request" with the reason instead of Approve and Decline; the server refuses A too', async () => {
    const mine = await call<Approval>(pat.token, 'POST', '/approvals', { renderId: render.id, destinationId: 'web-folder', metadata: { title: 'Harbour wall, second cut' } });
    // The link request_approval hands out (`consolePath`), plus the sign-in fragment: opens straight on the approval.
    const { page, problems } = await openPage(browser, `${server.url}/#approvals/${mine.id}&token=${encodeURIComponent(pat.token)}`, { width: 480, height: 720 });
    const own = item(page, mine.id);
    await own.getByText('your request', { exact: true }).waitFor({ timeout: 15_000 });
    await own.getByText('Your request: a different person must approve or decline it.').waitFor();
    expect(await own.getAttribute('class')).toContain('cw-aq-focus');
    expect(await own.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await own.getByRole('button', { name: 'Decline' }).count()).toBe(0);
    await expect.poll(async () => own.locator('video').evaluate((el) => { const v = el as unknown as Video; return v.readyState >= 1 ? v.duration : 0; }), { timeout: 20_000 }).toBeGreaterThan(3.5);
    await expect.poll(async () => own.locator('video').evaluate((el) => (el as unknown as Video).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await shot(page, 'console-480x720-approvals');
    expect(problems).toEqual([]);
    await page.close();
    // A link to an approval that no longer waits says what became of it.
    const later = await openPage(browser, `${server.url}/#approvals/${toDecline.id}&token=${encodeURIComponent(pat.token)}`, { width: 480, height: 720 });
    await later.page.getByText('“Harbour wall (draft title)” is declined (declined by Editor Eve).').waitFor({ timeout: 15_000 });
    expect(later.problems).toEqual([]);
    await later.page.close();
    const refused = await new CutawayClient({ baseUrl: server.url, token: pat.token }).declineDelivery(mine.id).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('auth.forbidden');
  }, 60_000);
});
