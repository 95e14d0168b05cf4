import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Starts a TypeScript script of this folder in its own node process (tsx resolved from the repo root). */
export function spawnScript(script: string, args: string[]): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return Object.assign(child, { stderrText: () => stderr });
}

/** Resolves with the first stdout line matching `pattern`; rejects on exit or after `timeoutMs`. */
export function waitForLine(child: ChildProcess & { stderrText: () => string }, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const finish = (err: Error | null, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      lines.close();
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(match!);
    };
    const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${child.stderrText()}`)), timeoutMs);
    const onExit = (code: number | null) => finish(new Error(`child exited (${code}) before printing ${pattern}; stderr: ${child.stderrText()}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (match) finish(null, match);
    });
  });
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
