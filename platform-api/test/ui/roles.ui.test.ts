import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Role } from '@cutaway/shared';
import { eventually, startServer, tempDir, type ServerProcess } from '../e2e/harness';
import { ARTIFACTS, CHROMIUM_SKIP_REASON, launchChromium, openPage, REPO } from './browser';

if (CHROMIUM_SKIP_REASON) console.warn(`role UI tests skipped: ${CHROMIUM_SKIP_REASON}`);

/**
 * `GET /api/v1/me` says which token is calling, and the console offers only the views that token may use
 * (people for viewers; storage, policies and the assistant for editors; the audit trail for admins), against a
 * real server in headless Chromium. Before, every tab showed for every token and a viewer met the server's 403.
 */
describe.skipIf(Boolean(CHROMIUM_SKIP_REASON))('the console offers what the token may do (GET /me, headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let work: { dir: string; cleanup: () => Promise<void> };
  const tokens = {} as Record<Role, { id: string; token: string }>;

  beforeAll(async () => {
    work = await tempDir('ui-roles');
    const { buildConsole } = (await import(join(REPO, 'platform-api/web/build-console.mjs'))) as { buildConsole(): Promise<string> };
    await buildConsole();
    server = await startServer(join(work.dir, 'data'), { CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_OCR: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off' });
    const admin = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    tokens.admin = { id: (await admin.me()).id, token: server.adminToken };
    for (const role of ['viewer', 'editor'] as const) {
      const made = await admin.createToken({ name: `${role} for the role test`, role });
      tokens[role] = { id: made.id, token: made.token };
    }
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await work?.cleanup();
  });

  it('GET /me answers each token with its own id, name and role, and never a secret', async () => {
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const res = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens[role].token}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id: tokens[role].id, role });
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['createdAt', 'id', 'name', 'role']));
      expect(JSON.stringify(body)).not.toContain(tokens[role].token);
      expect(body).not.toHaveProperty('hash');
    }
    expect((await fetch(`${server.url}/api/v1/me`)).status).toBe(401);
  });

  it('each role sees the views it may use, and only those (screenshots 1280×800)', async () => {
    const want: Record<Role, string[]> = {
      viewer: ['Search', 'People'],
      editor: ['Search', 'People', 'Storage', 'Policies', 'Assistant', 'Approvals'],
      admin: ['Search', 'People', 'Storage', 'Policies', 'Assistant', 'Approvals', 'Audit'],
    };
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const { page, problems } = await openPage(browser, `${server.url}/#token=${encodeURIComponent(tokens[role].token)}`, { width: 1280, height: 800 });
      await page.getByText('Connected (v0.1.0)').waitFor({ timeout: 20_000 });
      const nav = page.getByRole('navigation', { name: 'Views' });
      await eventually(async () => JSON.stringify(await nav.getByRole('button').allTextContents()) === JSON.stringify(want[role]), 10_000, 100);
      expect(await nav.getByRole('button').allTextContents()).toEqual(want[role]);
      await page.screenshot({ path: join(ARTIFACTS, `console-role-${role}-1280.png`) });
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
