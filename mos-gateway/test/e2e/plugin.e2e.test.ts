import { openAsBlob } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { decode, type MosItem } from '../../src/codec/index';
import { buildPlugin } from '../../plugin/build-plugin.mjs';
import { freePort } from '../nrcs';
import { makeClip, startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * The HTML5 MOS plug-in in headless Chromium, inside a host page that plays ENPS (MOS 2.8.5 §5.1):
 * different origin, `?origin=`, ncsReqAppInfo → ncsAppInfo, drag payload, ncsItemRequest → ncsItem.
 */
const MOS_ID = 'cutaway.mam.plugin.mos';
const SCREENS = resolve(import.meta.dirname, '../../dist/screens');

function hostPage(gatewayOrigin: string, hostOrigin: string): string {
  const appInfo = '<mos><ncsAppInfo><roID>ENPSSRV;P_NEWS\\\\W;6PM</roID><storyID>STORY-1</storyID><ncsInformation><userID>jdoe</userID><runContext>EDIT</runContext><software><manufacturer>AP</manufacturer><product>ENPS</product><version>9.5</version></software></ncsInformation></ncsAppInfo></mos>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>ENPS (test host)</title>
<style>html,body{margin:0;height:100%;background:#111}iframe{border:0;width:100%;height:100%}</style></head><body>
<iframe id="plugin" src="${gatewayOrigin}/plugin/?origin=${encodeURIComponent(hostOrigin)}"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => {
    if (e.origin !== ${JSON.stringify(gatewayOrigin)}) return;
    window.received.push(e.data);
    if (String(e.data).includes('<ncsReqAppInfo')) e.source.postMessage(${JSON.stringify(appInfo)}, e.origin);
  });
  window.requestItem = () => document.getElementById('plugin').contentWindow.postMessage('<mos><ncsItemRequest/></mos>', ${JSON.stringify(gatewayOrigin)});
</script></body></html>`;
}

describe('HTML5 MOS plug-in in Chromium inside an ENPS-like host page', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc & { httpPort: number };
  let host: Server;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let asset: Asset;
  const dirs: Array<{ dir: string; cleanup: () => Promise<void> }> = [];

  beforeAll(async () => {
    const [apiDir, gwDir, media] = [await tempDir('plug-api'), await tempDir('plug-gw'), await tempDir('plug-media')];
    dirs.push(apiDir, gwDir, media);
    await buildPlugin();
    // OCR only: the burnt-in caption becomes a time-coded moment from 1 s to 3 s (ground truth by construction).
    api = await startPlatformApi(apiDir.dir, { CUTAWAY_ENRICH: 'on', CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_OCR: 'local' });
    const client = new CutawayClient({ baseUrl: api.url, token: api.token });
    await makeClip(`${media.dir}/harbor.mp4`, 5, 25, { text: 'HARBOR BRIDGE CLOSED', fromS: 1, toS: 3 });
    const up = await client.uploadAsset(await openAsBlob(`${media.dir}/harbor.mp4`), { fileName: 'harbor.mp4', title: 'Storm at the harbour' });
    for (let i = 0; i < 600; i++) {
      const moments = await client.moments(up.id, 'ocr').catch(() => []);
      if (moments.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    asset = await client.getAsset(up.id);
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: 'ENPSSRV', CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(await freePort()), CUTAWAY_MOS_NCS_UPPER_PORT: String(await freePort()),
      CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir.dir,
    });
    const gatewayOrigin = `http://127.0.0.1:${gateway.httpPort}`;
    host = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage(gatewayOrigin, hostOrigin)));
    await new Promise<void>((ok) => host.listen(0, '127.0.0.1', () => ok()));
    const hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 420, height: 760 } });
    await page.goto(hostOrigin);
    frame = await (async () => {
      for (let i = 0; i < 100; i++) {
        const f = page.frames().find((x) => x.url().includes('/plugin/'));
        if (f) return f;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('plug-in frame not found');
    })();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (host ? host.close(() => r(null)) : r(null)));
    await gateway?.stop();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  it('speaks first (ncsReqAppInfo) and shows the context ENPS gives it', async () => {
    await page.waitForFunction(() => (window as unknown as { received: string[] }).received.some((m) => m.includes('<ncsReqAppInfo')), undefined, { timeout: 15_000 });
    await frame.getByTestId('context').filter({ hasText: 'ENPS · jdoe · EDIT · story STORY-1' }).waitFor({ timeout: 10_000 });
  });

  let dragged: MosItem;
  it('finds the time-coded OCR moment and drags an ncsItem with the moment\'s in and out', async () => {
    const ocr = await new CutawayClient({ baseUrl: api.url, token: api.token }).moments(asset.id, 'ocr');
    expect(ocr.length).toBeGreaterThan(0);
    await frame.getByPlaceholder(/Search what was said/).fill('harbor bridge');
    const moment = frame.locator('.cw-moment[data-moment-kind="ocr"]').first();
    await moment.waitFor({ timeout: 15_000 }).catch(async (err: unknown) => {
      throw new Error(`no OCR moment in the plug-in: ${String(err)}\n${await frame.locator('body').innerText()}`);
    });
    await mkdir(SCREENS, { recursive: true });
    await page.screenshot({ path: join(SCREENS, 'plugin-results-420.png') });
    await moment.getByRole('button', { name: 'Use' }).click();
    await frame.getByTestId('drag').waitFor();
    await page.screenshot({ path: join(SCREENS, 'plugin-pick-420.png') });
    await page.setViewportSize({ width: 900, height: 640 });
    await page.screenshot({ path: join(SCREENS, 'plugin-pick-900.png') });
    const payload = await frame.evaluate(() => {
      const dt = new DataTransfer();
      document.querySelector('[data-testid="drag"]')!.dispatchEvent(new DragEvent('dragstart', { dataTransfer: dt, bubbles: true, cancelable: true }));
      return { text: dt.getData('text'), effect: dt.effectAllowed };
    });
    expect(payload.text.startsWith('<mos><ncsItem><item>')).toBe(true);
    const doc = decode(payload.text);
    expect(doc.message.type).toBe('ncsItem');
    dragged = (doc.message as { item: MosItem }).item;
    expect(dragged).toMatchObject({ itemId: '0', objId: asset.id, mosId: MOS_ID, objTb: 25, objDur: 125 });
    // Exactly the moment the plug-in showed, in samples at objTB 25…
    expect(dragged.itemEdStart).toBe(Math.round((ocr[0]!.startMs * 25) / 1000));
    expect(dragged.itemEdStart! + dragged.itemEdDur!).toBe(Math.round((ocr[0]!.endMs * 25) / 1000));
    // …and that moment is the burnt-in caption's 1 s–3 s, within OCR's sampling step.
    const inS = dragged.itemEdStart! / 25;
    const outS = (dragged.itemEdStart! + dragged.itemEdDur!) / 25;
    expect(inS).toBeGreaterThanOrEqual(0.5);
    expect(inS).toBeLessThanOrEqual(1.5);
    expect(outS).toBeGreaterThanOrEqual(2.5);
    expect(outS).toBeLessThanOrEqual(3.5);
    const objPath = dragged.objPaths?.find((p) => p.kind === 'objPath');
    expect(objPath?.url).toMatch(/\/api\/v1\/s\/[^/]+\/assets\/[^/]+\/original\/harbor\.mp4$/);
    expect((await fetch(objPath!.url)).status).toBe(200);
  });

  it('answers the host\'s ncsItemRequest with the same ncsItem', async () => {
    await page.evaluate(() => (window as unknown as { requestItem: () => void }).requestItem());
    const reply = await page.waitForFunction(() => (window as unknown as { received: string[] }).received.find((m) => m.includes('<ncsItem>')), undefined, { timeout: 10_000 });
    const item = (decode(String(await reply.jsonValue())).message as { item: MosItem }).item;
    expect(item).toEqual(dragged);
  });

  it('ignores messages from any origin but the host\'s', async () => {
    const answered = await frame.evaluate(async () => {
      let got = 0;
      window.addEventListener('message', (e) => {
        if (String(e.data).includes('<ncsItem>')) got += 1;
      });
      // Same request, but from the plug-in's own origin (not the one in ?origin=).
      window.postMessage('<mos><ncsItemRequest/></mos>', '*');
      await new Promise((r) => setTimeout(r, 500));
      return got;
    });
    expect(answered).toBe(0);
  });
});
