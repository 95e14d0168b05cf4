import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, spawnScript, waitForLine } from './child';
import { tempQueueFile } from './harness';

const PROCESSES = 4;
const JOBS = 400;

describe('claiming from several processes sharing one SQLite file', () => {
  let file: ReturnType<typeof tempQueueFile> | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    file?.cleanup();
  });

  it('hands every job to exactly one process', { timeout: 40_000 }, async () => {
    file = tempQueueFile();
    const { queue } = file.open();
    const ids = new Set<string>();
    for (let i = 0; i < JOBS; i++) ids.add((await queue.enqueue('media.ingest', { assetId: `asset-${String(i).padStart(4, '0')}` })).id);
    // A common start time, so the processes contend instead of running one after another.
    const startAt = String(Date.now() + 3_000);
    const runs = Array.from({ length: PROCESSES }, (_, i) => {
      const child = spawnScript('./claim-race.child.ts', [file!.path, `racer-${i}`, startAt]);
      children.push(child);
      return waitForLine(child, /^claimed (.*)$/, 30_000).then((m) => JSON.parse(m[1]!) as string[]);
    });
    const perProcess = await Promise.all(runs);
    const all = perProcess.flat();
    expect(all).toHaveLength(JOBS);
    expect(new Set(all)).toEqual(ids);
    expect(await queue.list({ status: 'done', limit: 500 })).toHaveLength(JOBS);
    expect((await queue.list({ limit: 500 })).every((j) => j.attempts === 1)).toBe(true);
  });
});
