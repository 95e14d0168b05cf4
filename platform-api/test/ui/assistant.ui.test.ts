import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { generateNewsClip } from '../media/generate';
import { eventually, startServer, tempDir, upload, type ServerProcess } from '../e2e/harness';
import { startFakeServer, type FakeServer } from '../openai-compatible/fake-server';
import { lastToolResult, scriptedChat, type ChatScript, type ToolChatBody } from '../openai-compatible/openai-fake';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, PANEL_SIZES, REPO, serveStatic } from './browser';

const exec = promisify(execFile);
if (CHROMIUM_SKIP_REASON) console.warn(`assistant UI test skipped: ${CHROMIUM_SKIP_REASON}`);

const lastCall = (body: ToolChatBody) => body.messages.flatMap((m) => m.tool_calls ?? []).at(-1)?.function.name ?? null;
const lastUser = (body: ToolChatBody) => [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';

/**
 * The model, scripted: "storm clips … vertical … captions … logo" → search, select, render (watermark, −16 LUFS),
 * wait, request approval, and say so with the approval id; "deliver it now" → deliver that approval.
 */
const script: ChatScript = (body) => {
  if (/deliver it now/i.test(lastUser(body))) {
    const approvalId = /approval ([a-z0-9_-]{6,64})/i.exec(body.messages.map((m) => m.content ?? '').join('\n'))?.[1];
    if (lastCall(body) !== 'deliver') return { toolCalls: [{ name: 'deliver', arguments: { approvalId } }] };
    const d = lastToolResult<{ status?: string; receipt?: string; error?: { message: string } }>(body, 'deliver');
    return { content: d.status === 'done' ? `Delivered to the web desk folder (${d.receipt}).` : `Not delivered: ${d.error?.message ?? 'unknown'}` };
  }
  if (/what do we have/i.test(lastUser(body))) {
    if (lastCall(body) !== 'search_moments') return { toolCalls: [{ name: 'search_moments', arguments: { query: 'storm', limit: 5 } }] };
    const found = lastToolResult<{ items: Array<{ title: { text: string }; moments: Array<{ timecodeIn: string }> }> }>(body, 'search_moments').items;
    return { content: `${found.length} clip(s): ${found.map((i) => `“${i.title.text}”${i.moments[0] ? ` at ${i.moments[0].timecodeIn}` : ''}`).join(', ')}. Say "as a vertical" to render one.` };
  }
  switch (lastCall(body)) {
    case null: return { toolCalls: [{ name: 'search_moments', arguments: { query: 'storm', limit: 5 } }] };
    case 'search_moments': {
      const hit = lastToolResult<{ items: Array<{ assetId: string; durationMs: number; moments: Array<{ inMs: number; outMs: number }> }> }>(body, 'search_moments').items[0]!;
      const m = hit.moments[0];
      const items = [m ? { assetId: hit.assetId, inMs: Math.max(0, m.inMs - 1500), outMs: Math.min(hit.durationMs, m.outMs + 2500) } : { assetId: hit.assetId, inMs: 0, outMs: Math.min(hit.durationMs, 6000) }];
      return { toolCalls: [{ name: 'create_selection', arguments: { title: 'Storm tonight', items } }] };
    }
    case 'create_selection':
      return { toolCalls: [{ name: 'render', arguments: { selectionId: lastToolResult<{ selectionId: string }>(body, 'create_selection').selectionId, profileId: 'reels-9x16', captions: 'burn', watermarkId: 'station-logo', loudness: -16 } }] };
    case 'render': return { toolCalls: [{ name: 'wait_for_job', arguments: { jobId: lastToolResult<{ jobId: string }>(body, 'render').jobId, maxWaitMs: 45000 } }] };
    case 'wait_for_job': {
      const s = lastToolResult<{ jobId: string; renderId: string; status: string }>(body, 'wait_for_job');
      if (s.status !== 'done') return { toolCalls: [{ name: 'wait_for_job', arguments: { jobId: s.jobId, maxWaitMs: 45000 } }] };
      return { toolCalls: [{ name: 'request_approval', arguments: { renderId: s.renderId, destinationId: 'web-folder', title: 'Storm over the harbour', tags: ['weather'] } }] };
    }
    default: {
      const a = lastToolResult<{ approvalId: string }>(body, 'request_approval');
      return { content: `Rendered a 1080×1920 Reels clip with burned-in captions and the station logo at −16 LUFS. It is waiting for a second person: approval ${a.approvalId}.` };
    }
  }
};

/**
 * Done-when of issue 16, through the browser console against a real platform-api process: the assistant finds
 * the moment, renders a verified vertical, waits for a second person's approval, then delivers to a folder;
 * the audit view shows every step. The Premiere panel shows the same chat at 360×640.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('assistant and audit in the console and the Premiere panel', () => {
  let fake: FakeServer;
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let panelDist: { dir: string; cleanup: () => Promise<void> };
  let panel: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let admin: CutawayClient;
  let producer: { id: string; token: string };
  let editor: { id: string; token: string };
  const folder = () => join(data.dir, 'web-folder');

  beforeAll(async () => {
    const state = { turn: 0, bodies: [] as ToolChatBody[] };
    fake = await startFakeServer((req, res) => scriptedChat(req, res, script, state));
    panelDist = await tempDir('ui-assistant-panel');
    await exec(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: join(REPO, 'premiere-panel'), env: { ...process.env, CUTAWAY_DIST_DIR: panelDist.dir } });
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    panel = await serveStatic(join(panelDist.dir, 'premiere-panel-dev'));
    data = await tempDir('ui-assistant-data');
    media = await tempDir('ui-assistant-media');
    await generateNewsClip(`${media.dir}/storm.mp4`, { durationS: 8, width: 640, height: 360, fps: 25, cutsAtS: [4], speech: [{ text: 'Weather warning. A storm is coming to the harbour tonight.', atS: 1, voice: 'en-us' }] });
    const logo = join(media.dir, 'logo.png');
    await exec('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=white:s=200x80', '-vf', 'drawbox=x=10:y=30:w=180:h=20:color=red:t=fill', '-frames:v', '1', logo]);
    server = await startServer(data.dir, {
      CUTAWAY_CORS_ORIGINS: panel.url,
      CUTAWAY_AI_BASE_URL: fake.baseUrl, CUTAWAY_AI_CHAT_MODEL: 'fake-chat-1',
      CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_SPEECH: 'local',
      CUTAWAY_DELIVERY_DESTINATIONS: JSON.stringify([{ id: 'web-folder', kind: 'folder', name: 'Web desk folder', path: join(data.dir, 'web-folder') }]),
      CUTAWAY_DELIVERY_WATERMARKS: JSON.stringify([{ id: 'station-logo', name: 'Station logo', path: logo }]),
    });
    admin = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    producer = await admin.createToken({ name: 'Producer Pat', role: 'editor' });
    editor = await admin.createToken({ name: 'Editor Eve', role: 'editor' });
    const up = await upload(server.url, server.adminToken, `${media.dir}/storm.mp4`, { title: 'Harbour storm', tags: 'weather,storm' });
    await eventually(async () => {
      const a = await admin.getAsset(up.id);
      return a.status === 'ready' && a.enrichment.speech?.status === 'done' ? a : null;
    }, 240_000, 1000);
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
    await panel?.close();
    await panelDist?.cleanup();
    await data?.cleanup();
    await media?.cleanup();
  });

  async function open(url: string, size: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: size });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    return { page, problems };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  it('console 1280×800: the assistant renders, stops at awaiting approval; a second person approves; it delivers', async () => {
    const { page, problems } = await open(`${server.url}/#token=${encodeURIComponent(producer.token)}`, { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Assistant' }).click();
    await page.getByLabel('Message to the assistant').fill('storm clips from tonight as a vertical for Reels, with captions and our logo');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.cw-run .cw-badge', { hasText: 'awaiting approval' }).waitFor({ timeout: 900_000 });
    await shot(page, 'console-1280x800-assistant-awaiting-approval');
    expect(await readdir(folder()).catch(() => [])).toEqual([]);
    const text = (await page.locator('.cw-bubble-assistant .cw-bubble-text').last().textContent()) ?? '';
    const approvalId = /approval ([a-z0-9_-]{6,64})/i.exec(text)![1]!;

    // The requester's own Approve is refused by the server; a second person's is recorded.
    await page.getByRole('button', { name: 'Approve' }).first().click();
    await page.getByText(/different person/).waitFor({ timeout: 15_000 });
    await new CutawayClient({ baseUrl: server.url, token: editor.token }).approveDelivery(approvalId);

    await page.getByLabel('Message to the assistant').fill('deliver it now');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Delivered to the web desk folder/).waitFor({ timeout: 120_000 });
    await shot(page, 'console-1280x800-assistant-delivered');
    expect((await readdir(folder())).filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 1_000_000);

  it('console 1280×800: the audit view shows every step, by whom, through which channel', async () => {
    const { page } = await open(`${server.url}/#token=${encodeURIComponent(server.adminToken)}`, { width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('button', { name: 'assistant', exact: true }).click();
    // The filtered page has replaced the unfiltered one: only assistant rows.
    // (Read through locators: a string predicate is eval'd in the page, which the console's CSP forbids.)
    const channels = page.locator('.cw-audit-table tbody tr td:nth-child(3)');
    await expect
      .poll(async () => { const cells = await channels.allTextContents(); return cells.length > 0 && cells.every((c) => c === 'assistant'); }, { timeout: 15_000 })
      .toBe(true);
    await page.locator('.cw-audit-table td', { hasText: 'tool request_approval' }).first().waitFor({ timeout: 15_000 });
    await shot(page, 'console-1280x800-audit');
    const trail = (await admin.listAudit({ limit: 200 })).items;
    const tools = trail.filter((a) => a.channel === 'assistant').map((a) => a.action);
    for (const t of ['search_moments', 'create_selection', 'render', 'wait_for_job', 'request_approval', 'deliver']) expect(tools).toContain(`tool ${t}`);
    expect(trail.some((a) => a.action === 'delivery.approve' && a.tokenId === editor.id && a.status === 200)).toBe(true);
    expect(trail.some((a) => a.action === 'delivery.deliver' && a.tokenId === producer.id && a.status === 200)).toBe(true);
  }, 60_000);

  it('Premiere panel 360×640: the same assistant, compact', async () => {
    const { page } = await open(`${panel.url}/#server=${encodeURIComponent(server.url)}&token=${encodeURIComponent(producer.token)}`, PANEL_SIZES.docked);
    await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Assistant' }).click();
    await page.getByLabel('Message to the assistant').fill('what do we have on the storm?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/clip\(s\): “Harbour storm”/).waitFor({ timeout: 120_000 });
    await shot(page, 'premiere-360x640-assistant');
  }, 200_000);
});
