/**
 * `npm run bench:mcp`: latency of the non-render tools (issue 16 budget: p95 < 2 s) through an in-process MCP
 * client (SDK Client ↔ Server over the in-memory transport, the registry's validation, scope check, handle check
 * and audit write), against the same services called directly in the same process (the baseline).
 * Real SQLite catalog, real search index, real ffmpeg frame grabs. JSON summary last.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { SearchQuerySchema } from '@cutaway/shared';
import { createMcpServer } from '../src/mcp/server';
import { join } from 'node:path';
import { AssetService } from '../src/services/asset-service';
import { FrameService } from '../src/services/frame-service';
import { FfmpegFrameGrabber } from '../src/adapters/ffmpeg/index';
import { LocalScratchSpace } from '../src/adapters/local-fs/scratch-space';
import { agentHarness } from '../test/agent/harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const h = await agentHarness();
try {
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer({ registry: h.agent.registry, store: h.catalog.agent, clock: h.clock, ids: h.ids, version: 'bench' }, h.people.producer).connect(a);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(b);
  const assets = new AssetService({ assets: h.catalog.assets, index: h.catalog.index, storage: h.storage, queue: h.catalog.queue, events: h.catalog.events });
  const { SearchService } = await import('../src/services/search-service');
  const search = new SearchService({ index: h.catalog.index, assets: h.catalog.assets });
  const id = h.seeded.harbour!.id;
  const frames = new FrameService({ storage: h.storage, scratch: new LocalScratchSpace(join(h.dir, 'tmp')), frames: new FfmpegFrameGrabber({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }) });
  const asset = await assets.get(id);

  const cases: Array<{ tool: string; args: Record<string, unknown>; baseline: () => Promise<unknown> }> = [
    { tool: 'search_moments', args: { query: 'storm', limit: 10 }, baseline: () => search.search(SearchQuerySchema.parse({ q: 'storm', limit: 10, moments: 3 })) },
    { tool: 'get_asset', args: { assetId: id }, baseline: () => assets.get(id) },
    { tool: 'get_transcript', args: { assetId: id }, baseline: () => assets.moments(id, 'speech') },
    { tool: 'get_shots', args: { assetId: id }, baseline: () => assets.moments(id, 'shot') },
    { tool: 'list_profiles', args: {}, baseline: async () => h.delivery.listProfiles() },
    { tool: 'preview_frame', args: { assetId: id, atMs: 1000, width: 320 }, baseline: () => frames.grab(asset, { ms: 1000, width: 320, format: 'jpeg' }) },
  ];
  const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const rows: Array<{ tool: string; p50: number; p95: number; baselineP50: number; overheadMs: number }> = [];
  console.log(`non-render tools, ${ROUNDS} rounds each (ms)`);
  console.log('tool             p50     p95   direct p50  overhead');
  for (const c of cases) {
    const tool: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      const r = await client.callTool({ name: c.tool, arguments: c.args });
      tool.push(performance.now() - t);
      if (r.isError) throw new Error(`${c.tool} failed: ${JSON.stringify(r.content)}`);
      t = performance.now();
      await c.baseline();
      direct.push(performance.now() - t);
    }
    const row = { tool: c.tool, p50: pct(tool, 50), p95: pct(tool, 95), baselineP50: pct(direct, 50), overheadMs: pct(tool, 50) - pct(direct, 50) };
    rows.push(row);
    console.log(`${c.tool.padEnd(15)} ${row.p50.toFixed(2).padStart(6)} ${row.p95.toFixed(2).padStart(7)} ${row.baselineP50.toFixed(2).padStart(11)} ${row.overheadMs.toFixed(2).padStart(9)}`);
  }
  await client.close();
  const worst = Math.max(...rows.map((r) => r.p95));
  console.log('(preview_frame: the first call grabs with ffmpeg, later ones read the cached JPEG; the direct call reads the same cache)');
  console.log(JSON.stringify({
    bench: 'mcp', rounds: ROUNDS, worstP95Ms: +worst.toFixed(2), budgetP95Ms: 2000, withinBudget: worst < 2000,
    tools: Object.fromEntries(rows.map((r) => [r.tool, { p50Ms: +r.p50.toFixed(2), p95Ms: +r.p95.toFixed(2), directP50Ms: +r.baselineP50.toFixed(2), ratio: +(r.p50 / Math.max(0.01, r.baselineP50)).toFixed(2) }])),
  }));
} finally {
  await h.close();
}
