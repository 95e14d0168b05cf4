import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScratchSpace } from '../../src/ports/scratch-space';

/** A ScratchSpace under a known root, so a test can find the tools' processes by their working folder. */
export function scratchUnder(root: string): ScratchSpace {
  return {
    async create(prefix) {
      const dir = await mkdtemp(join(root, `${prefix}-`));
      return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  };
}

export interface Proc { pid: number; comm: string }

/** Live processes whose working folder is `root` or below it (the adapters run their tools with cwd = scratch dir). */
export async function processesUnder(root: string): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cwd = await readlink(`/proc/${name}/cwd`).catch(() => null);
    if (cwd === null || (cwd !== root && !cwd.startsWith(`${root}/`))) continue;
    const comm = (await readFile(`/proc/${name}/comm`, 'utf8').catch(() => '')).trim();
    out.push({ pid: Number(name), comm });
  }
  return out;
}

export const alive = (pid: number) => readlink(`/proc/${pid}/cwd`).then(() => true, () => false);

/** Polls until `pred` holds for some process under root; resolves with it. */
export async function waitForProcess(root: string, pred: (p: Proc) => boolean, timeoutMs = 20_000): Promise<Proc> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const hit = (await processesUnder(root)).find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`no matching process under ${root} within ${timeoutMs} ms`);
}
