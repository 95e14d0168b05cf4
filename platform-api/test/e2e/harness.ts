import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { Asset, CutawayEvent } from '@cutaway/shared';
import { CutawayClient, connectEvents, type WebSocketConstructor } from '@cutaway/shared/client';

const API_DIR = resolve(import.meta.dirname, '../..');

/**
 * The e2e tests drive the server through the same typed client the panels and gateways use
 * (`@cutaway/shared/client`): every answer is parsed with the shared zod schemas, so a server that drifts
 * from the client fails here. `api()` below stays for what the client will not send on purpose
 * (malformed input, missing or bad tokens, raw status checks).
 */
export const clientFor = (baseUrl: string, token?: string): CutawayClient => new CutawayClient({ baseUrl, token });

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** The admin token the server generated at first start (read from <data dir>/admin.token). */
  adminToken: string;
  /** A typed client holding the admin token. */
  client: CutawayClient;
  proc: ChildProcess;
  logs: string[];
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `cutaway-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts `platform-api` as a real process on a free port and waits for its "listening" log line. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  // node itself (not the tsx wrapper script) so that kill9 hits the server process.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: { ...process.env, CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  createInterface({ input: proc.stderr! }).on('line', (l) => logs.push(l));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL'); // never leave an orphan behind a failed start
      fail(new Error(`server did not start in 90 s:\n${logs.join('\n')}`));
    }, 90_000); // tsx compiles at start: on two cores shared with other suites that alone can take tens of seconds
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      // The start banner (main.ts) names the URL whatever the log level; the pino line says it at info.
      const m = /^Cutaway platform-api (https?:\/\/\S+)$/.exec(line) ?? (line.includes('listening') ? /"url":"(https?:\/\/[^"]+)"/.exec(line) : null);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const adminToken = env.CUTAWAY_ADMIN_TOKEN ?? (await readFile(join(dataDir, 'admin.token'), 'utf8')).trim();
  return {
    url,
    dataDir,
    adminToken,
    client: clientFor(url, adminToken),
    proc,
    logs,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Raw fetch against the API, for requests the typed client refuses to make (malformed bodies, bad tokens,
 * unknown routes) and for status-level checks; returns status, headers and parsed JSON (or text).
 */
export async function api(base: string, token: string | null, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  // Tests read arbitrary fields of raw replies; the typed client is the way to get checked shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: body as any };
}

/** Collects ws events through the shared client's connectEvents; `waitFor` resolves on the first matching one (bounded). */
export async function listen(base: string, token: string) {
  const events: CutawayEvent[] = [];
  const invalid: unknown[] = [];
  const waiters: Array<{ match: (e: CutawayEvent) => boolean; ok: (e: CutawayEvent) => void }> = [];
  let opened!: () => void;
  let failed!: (err: Error) => void;
  const open = new Promise<void>((ok, fail) => ((opened = ok), (failed = fail)));
  const connection = connectEvents({
    baseUrl: base,
    token,
    // Node 20 has no global WebSocket; `ws` implements the same browser-style API.
    WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    // A test socket that drops is a failure to see, not something to paper over with reconnects.
    reconnect: { minMs: 60_000, maxMs: 60_000 },
    onState: (st) => {
      if (st.status === 'open') opened();
      if (st.status === 'reconnecting') failed(new Error('event socket closed before it opened'));
    },
    onInvalid: (_err, raw) => invalid.push(raw),
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (!w.match(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.ok(e);
      }
    },
  });
  await open;
  return {
    events,
    /** Messages that did not parse as a known event: the server sent something the client does not know. */
    invalid,
    waitFor(match: (e: CutawayEvent) => boolean, timeoutMs = 60_000): Promise<CutawayEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no matching event in ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}${invalid.length ? `; ${invalid.length} unparsable` : ''}`)), timeoutMs);
        waiters.push({ match, ok: (e) => (clearTimeout(timer), ok(e)) });
      });
    },
    close: () => connection.close(),
  };
}

/** Multipart upload through the typed client, as a panel would send it; resolves to the created asset. */
export async function upload(base: string, token: string, filePath: string, fields: { title?: string; description?: string; tags?: string } = {}, fileName?: string): Promise<Asset> {
  const { openAsBlob } = await import('node:fs');
  return clientFor(base, token).uploadAsset(await openAsBlob(filePath), { ...fields, fileName: fileName ?? filePath.split('/').pop()! });
}

/** Polls until `check` returns a value (bounded), for state that has no event. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
