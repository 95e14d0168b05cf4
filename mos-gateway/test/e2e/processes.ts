import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface Proc {
  proc: ChildProcess;
  logs: string[];
  /** The first log line matching, as JSON. */
  line: Record<string, unknown>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function tempDir(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), `cutaway-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Spawns `node --import tsx <entry>` in a workspace and waits for a log line containing `ready` (bounded). */
export async function startProcess(workspace: string, entry: string, env: Record<string, string>, ready: string): Promise<Proc> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: join(ROOT, workspace), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  createInterface({ input: proc.stderr! }).on('line', (l) => logs.push(l));
  const line = await new Promise<Record<string, unknown>>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${workspace} did not start in 40 s:\n${logs.slice(-30).join('\n')}`)), 40_000);
    createInterface({ input: proc.stdout! }).on('line', (l) => {
      logs.push(l);
      if (l.includes(ready)) {
        clearTimeout(timer);
        try {
          ok(JSON.parse(l) as Record<string, unknown>);
        } catch {
          ok({});
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${workspace} exited with ${code}:\n${logs.slice(-30).join('\n')}`));
    });
  });
  return {
    proc, logs, line,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export async function startPlatformApi(dataDir: string, env: Record<string, string> = {}): Promise<Proc & { url: string; token: string }> {
  const p = await startProcess('platform-api', 'src/main.ts', { CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_API_HOST: '127.0.0.1', CUTAWAY_ENRICH: 'off', CUTAWAY_CONSOLE: 'off', CUTAWAY_LOG_LEVEL: 'info', ...env }, 'platform-api listening');
  const token = (await readFile(join(dataDir, 'admin.token'), 'utf8')).trim();
  return { ...p, url: String(p.line.url), token };
}

export async function startGatewayProcess(env: Record<string, string>): Promise<Proc & { ports: { lower: number; upper: number; query: number }; httpPort: number }> {
  const p = await startProcess('mos-gateway', 'src/main.ts', { CUTAWAY_MOS_LISTEN_HOST: '127.0.0.1', CUTAWAY_MOS_HTTP_HOST: '127.0.0.1', CUTAWAY_MOS_LOWER_PORT: '0', CUTAWAY_MOS_UPPER_PORT: '0', CUTAWAY_MOS_QUERY_PORT: '0', CUTAWAY_MOS_HTTP_PORT: '0', CUTAWAY_LOG_LEVEL: 'info', ...env }, 'mos-gateway ready');
  return { ...p, ports: { lower: Number(p.line.lower), upper: Number(p.line.upper), query: Number(p.line.query) }, httpPort: Number(p.line.httpPort) };
}

/**
 * A short clip with known duration and rate, drawn by ffmpeg (ground truth by construction). With
 * `caption`, the text is burnt in large from `captionFromS` to `captionToS` (OCR finds it there).
 */
export async function makeClip(path: string, seconds: number, fps = 25, caption?: { text: string; fromS: number; toS: number }): Promise<void> {
  // The lower-third recipe platform-api's own OCR tests use: white on a dark box at 80 % height, 720p.
  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  const video = caption
    ? `color=c=0x1d3557:s=1280x720:r=${fps}:d=${seconds},drawtext=fontfile=${font}:text='${caption.text}':fontsize=60:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=12:x=w*0.06:y=h*0.8:enable='gte(n,${Math.round(caption.fromS * fps)})*lt(n,${Math.round(caption.toS * fps)})'`
    : `testsrc2=s=320x180:r=${fps}:d=${seconds}`;
  await new Promise<void>((ok, fail) => {
    const p = spawn('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', `sine=f=440:d=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path]);
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`ffmpeg exited ${code}`))));
  });
}
