import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const API_DIR = resolve(import.meta.dirname, '../../platform-api');

/** platform-api as a real process on a free port (the same way its own e2e suites start it). */
export async function startPlatformApi(dataDir: string, env: Record<string, string> = {}): Promise<{ url: string; token: string; logs: string[]; stop(): Promise<void> }> {
  const token = 'photoshop-e2e-admin-token-0123456789';
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: API_DIR,
    env: { ...process.env, CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_ADMIN_TOKEN: token, CUTAWAY_CONSOLE: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  createInterface({ input: proc.stderr! }).on('line', (l) => logs.push(l));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`platform-api did not start in 90 s:\n${logs.join('\n')}`)), 90_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      const m = /"url":"(http:\/\/[^"]+)"/.exec(line);
      if (m?.[1] && line.includes('listening')) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void exited.then(() => (clearTimeout(timer), fail(new Error(`platform-api exited:\n${logs.join('\n')}`))));
  });
  return {
    url,
    token,
    logs,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Serves the plugin's dev build and passes /api/ (HTTP and the ws upgrade) through to platform-api, as a
 * newsroom's reverse proxy would: the page and the API share one origin, so no CORS is involved.
 */
export async function servePlugin(root: string, api: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(api);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/')) {
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${k === 'host' ? target.host : String(v)}`)];
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}
