// The price of a durable outgoing queue (issue 9 follow-up): every roElementStat / mosObj / mosItemReplace is
// fdatasynced before it counts as queued. Measured on the real OutboxFile in a temp dir on the data disk:
//  - one at a time: each append waits for its own sync (the latency one isolated status change pays);
//  - a burst (a show load reporting every item): N appends at once, batched into one or two syncs;
//  - the same burst written without any sync (the previous behaviour) as the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MosMessage } from '../src/codec/index';
import { OutboxFile } from '../src/session/outbox-file';

const stat = (i: number): MosMessage => ({ type: 'roElementStat', element: 'ITEM', roId: 'BENCH;RO;1', storyId: `S${i % 200}`, itemId: String(i), objId: 'mxccbenchasset000000000000000000', status: 'READY', time: '2026-12-06T18:00:00Z' });
const round = (n: number) => Math.round(n * 100) / 100;
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;

async function burst(dir: string, n: number, sync: boolean, base: number) {
  const f = new OutboxFile(dir, `BURST${sync ? 'S' : 'N'}`, 'upper', { sync, maxLines: 1_000_000 });
  f.load();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => f.added(base + i, stat(i))));
  const ms = performance.now() - t0;
  f.close();
  return { ms: round(ms), usPerMsg: round((ms * 1000) / n), syncs: f.stats.syncs };
}

export async function outboxCost(n: number, singles: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cutaway-outbox-bench-'));
  try {
    const single = new OutboxFile(dir, 'SINGLE', 'upper', { maxLines: 1_000_000 });
    single.load();
    const lat: number[] = [];
    for (let i = 0; i < singles; i++) {
      const t0 = performance.now();
      await single.added(i + 1, stat(i));
      lat.push(performance.now() - t0);
    }
    single.close();
    const s = [...lat].sort((a, b) => a - b);
    const synced = await burst(dir, n, true, 1);
    const unsynced = await burst(dir, n, false, 1);
    return {
      oneAtATime: { messages: singles, p50Ms: round(pct(s, 50)), p99Ms: round(pct(s, 99)) },
      burst: { messages: n, fdatasync: synced, noSync: unsynced, ratio: round(synced.ms / Math.max(0.01, unsynced.ms)) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
