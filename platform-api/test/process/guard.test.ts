import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = resolve(import.meta.dirname, 'guard.child.ts');
const run = (guard: 'on' | 'off') =>
  spawnSync(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, GUARD: guard }, encoding: 'utf8', timeout: 20_000 });

/** Issue 7: an error that escapes every handler is logged and the process keeps serving. */
describe('last-resort process guard (real Node process)', () => {
  it('without the guard, an unheard error event kills the process', () => {
    const r = run('off');
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('still serving');
  });

  it('with the guard, both escapes are logged and the process lives on', () => {
    const r = run('on');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('still serving');
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; err: { message: string } });
    expect(lines.map((l) => [l.msg, l.err.message])).toEqual([
      ['uncaught exception: logged, still serving', 'stream destroyed before anyone listened'],
      ['unhandled promise rejection: logged, still serving', 'a bookkeeping write failed'],
    ]);
  });
});
