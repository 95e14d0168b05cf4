import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type ServerProcess } from '../e2e/harness';

/** A real platform-api process: the console at `/`, the sign-in link, CORS for configured origins only, HTTPS. */
describe('browser console, CORS and HTTPS (real process)', () => {
  const PANEL = 'https://panel.cutaway.test:5443';
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir('web');
    server = await startServer(data.dir, { CUTAWAY_CORS_ORIGINS: `${PANEL}, http://localhost:9999`, CUTAWAY_ENRICH: 'off' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
  });

  it('serves the built console at / under a strict CSP, with its hashed assets', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    const asset = await fetch(`${server.url}${js}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('prints a sign-in link with the token in the fragment only', () => {
    const line = server.logs.find((l) => l.startsWith('Browser console: '));
    expect(line).toBe(`Browser console: ${server.url}/#token=${encodeURIComponent(server.adminToken)}`);
    // The token never appears in the server's structured logs.
    expect(server.logs.filter((l) => l.startsWith('{') && l.includes(server.adminToken))).toEqual([]);
  });

  it('answers preflights and exposes the cut headers to a configured origin only', async () => {
    const pre = await fetch(`${server.url}/api/v1/assets`, { method: 'OPTIONS', headers: { origin: PANEL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PANEL);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const get = await fetch(`${server.url}/api/v1/assets`, { headers: { origin: PANEL, authorization: `Bearer ${server.adminToken}` } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(PANEL);
    expect(get.headers.get('access-control-expose-headers')).toContain('X-Cutaway-In-Ms');
    expect(get.headers.get('vary')).toContain('Origin');

    const evil = await fetch(`${server.url}/api/v1/assets`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const evilGet = await fetch(`${server.url}/api/v1/assets`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${server.adminToken}` } });
    expect(evilGet.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a CORS origin that is not an exact origin, naming the key', async () => {
    const bad = await tempDir('web-bad');
    await expect(startServer(bad.dir, { CUTAWAY_CORS_ORIGINS: 'https://*.example.com' })).rejects.toThrow(/CUTAWAY_CORS_ORIGINS/);
    await bad.cleanup();
  }, 60_000);
});

describe('HTTPS with CUTAWAY_TLS_CERT / CUTAWAY_TLS_KEY (real process, openssl certificate)', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let ca: Buffer;

  beforeAll(async () => {
    data = await tempDir('tls');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', `${data.dir}/key.pem`, '-out', `${data.dir}/cert.pem`], { stdio: 'ignore' });
    ca = readFileSync(`${data.dir}/cert.pem`);
    server = await startServer(`${data.dir}/data`, { CUTAWAY_TLS_CERT: `${data.dir}/cert.pem`, CUTAWAY_TLS_KEY: `${data.dir}/key.pem`, CUTAWAY_ENRICH: 'off', CUTAWAY_CONSOLE: 'off' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
  });

  it('listens on https and serves the API to a client that trusts the certificate', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((ok, fail) => {
      request(`${server.url}/api/v1/health`, { ca }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => ok(text));
      })
        .on('error', fail)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true, version: '0.1.0' });
  });

  it('a client that does not trust it is refused (no silent plain-text fallback)', async () => {
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    await expect(fetch(`${server.url.replace('https', 'http')}/api/v1/health`)).rejects.toThrow();
  });
});
