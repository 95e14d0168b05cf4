import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { EventSchema, type CutawayEvent } from '@cutaway/shared';

const API_DIR = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** The admin token the server generated at first start (read from <data dir>/admin.token). */
  adminToken: string;
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
    // Generous: on a CI machine shared with other jobs (load 20 on 2 cores) tsx alone took over 30 s to start four servers at once.
    const timer = setTimeout(() => fail(new Error(`server did not start in 90 s:\n${logs.join('\n')}`)), 90_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      const m = /"url":"(https?:\/\/[^"]+)"/.exec(line);
      if (m?.[1] && line.includes('listening')) {
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

/** fetch against the API with a token; returns status, headers and parsed JSON (or text). */
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
  // Tests read arbitrary fields of replies; schemas check them where the shape matters.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: body as any };
}

/** Collects ws events; `waitFor` resolves on the first matching one (bounded). */
export async function listen(base: string, token: string) {
  const events: CutawayEvent[] = [];
  const waiters: Array<{ match: (e: CutawayEvent) => boolean; ok: (e: CutawayEvent) => void }> = [];
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/events?token=${encodeURIComponent(token)}`);
  ws.on('message', (data) => {
    const e = EventSchema.parse(JSON.parse(String(data)));
    events.push(e);
    for (const w of [...waiters]) {
      if (!w.match(e)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.ok(e);
    }
  });
  await new Promise<void>((ok, fail) => (ws.once('open', () => ok()), ws.once('error', fail)));
  return {
    events,
    waitFor(match: (e: CutawayEvent) => boolean, timeoutMs = 60_000): Promise<CutawayEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no matching event in ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`)), timeoutMs);
        waiters.push({ match, ok: (e) => (clearTimeout(timer), ok(e)) });
      });
    },
    close: () => ws.close(),
  };
}

/** Multipart upload as a browser or panel would send it. */
export async function upload(base: string, token: string, filePath: string, fields: Record<string, string> = {}, fileName?: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const { openAsBlob } = await import('node:fs');
  form.set('file', await openAsBlob(filePath), fileName ?? filePath.split('/').pop());
  return api(base, token, '/api/v1/assets', { method: 'POST', body: form });
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
