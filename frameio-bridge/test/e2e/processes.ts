import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = resolve(import.meta.dirname, '../../..');

export interface Proc {
  url: string;
  proc: ChildProcess;
  logs: string[];
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/**
 * Starts a workspace's src/main.ts as a real process (node itself, not the tsx wrapper, so a kill
 * hits the server) and waits for its "listening" log line with the URL.
 */
export async function startProcess(workspace: 'platform-api' | 'frameio-bridge', env: Record<string, string>, marker: string): Promise<Proc> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: resolve(REPO, workspace), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  createInterface({ input: proc.stderr! }).on('line', (l) => logs.push(l));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${workspace} did not start in 60 s:\n${logs.join('\n')}`)), 60_000);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      const m = /"url":"(http:\/\/[^"]+)"/.exec(line);
      if (m?.[1] && line.includes(marker)) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${workspace} exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  return {
    url,
    proc,
    logs,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A port a process can come back on after a restart (see @cutaway/shared/testing). */
export { freePort } from '@cutaway/shared/testing';

/** A clip with known ground truth: `frames` frames at 29.97 with drop-frame timecode, frame numbers burned in. */
export async function generateClip(out: string, frames: number): Promise<void> {
  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  const args = [
    '-nostdin', '-hide_banner', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30000/1001`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-vf', `drawtext=fontfile=${font}:text='%{n}':fontsize=40:fontcolor=white:box=1:boxcolor=black:x=10:y=10`,
    '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', '-timecode', '00:00:00;00', out,
  ];
  await new Promise<void>((ok, fail) => {
    const p = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.once('error', fail);
    p.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`ffmpeg failed: ${err}`))));
  });
}
