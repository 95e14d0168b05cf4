import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = resolve(import.meta.dirname, '../../..');
/** Screenshots land here (git-ignored) for people to look at. */
export const ARTIFACTS = join(REPO, 'test-artifacts/ui');
export const CHROMIUM = process.env.CUTAWAY_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_SKIP_REASON = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (install it with CUTAWAY_WITH_BROWSER=1 scripts/install-system-deps.sh, or set CUTAWAY_CHROMIUM_PATH)`;

/** UXP panel sizes: Premiere's default docked panel and a wide floating one. */
export const PANEL_SIZES = { docked: { width: 360, height: 640 }, floating: { width: 480, height: 720 } } as const;

export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A new page at `url` that records every uncaught error and console error (a CSP violation is one) in
 * `problems`, for the test to expect empty; `ignoreConsole` lets through errors the test causes on purpose.
 */
export async function openPage(browser: Browser, url: string, size: { width: number; height: number }, o: { ignoreConsole?: RegExp } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: size, acceptDownloads: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !o.ignoreConsole?.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves a built page from its own origin (so the API must allow it by CORS, as for a real panel). */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}
