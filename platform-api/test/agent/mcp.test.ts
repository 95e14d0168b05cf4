import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { join } from 'node:path';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { TokenInfo } from '@cutaway/shared';
import { createMcpServer } from '../../src/mcp/server';
import { mcpRoutes } from '../../src/http/routes/mcp';
import { MAX_RESULT_CHARS } from '../../src/services/tools/index';
import { agentHarness, type AgentHarness } from './harness';

type CallResult = { isError?: boolean; content: Array<{ type: string; text?: string; data?: string; mimeType?: string }>; structuredContent?: Record<string, unknown> };

let h: AgentHarness;
const clients: Client[] = [];

/** An MCP client connected in process to a server for this caller (the SDK's in-memory transport pair). */
async function connect(caller: TokenInfo): Promise<Client> {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const server = createMcpServer({ registry: h.agent.registry, store: h.catalog.agent, clock: h.clock, ids: h.ids, version: 'test' }, caller);
  await server.connect(a);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(b);
  clients.push(client);
  return client;
}
const call = async (c: Client, name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as CallResult;
const errorOf = (r: CallResult) => JSON.parse(r.content[0]!.text!).error as { code: string; message: string };

beforeAll(async () => {
  h = await agentHarness();
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await h?.close();
});

describe('MCP server over the tool registry (in process)', () => {
  it('lists tools deterministically, filtered by the caller\'s scopes, each with input and output schemas', async () => {
    const producer = await connect(h.people.producer);
    const first = (await producer.listTools()).tools;
    const second = (await producer.listTools()).tools;
    expect(second).toEqual(first);
    const names = first.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual([
      'create_selection', 'deliver', 'get_asset', 'get_job', 'get_shots', 'get_transcript', 'link_to_rundown', 'list_destinations', 'list_profiles',
      'plan_render', 'preview_frame', 'push_for_review', 'render', 'request_approval', 'save_prompt', 'search_moments', 'wait_for_job',
    ]);
    for (const t of first) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
      // Nothing the model sends is a path, a URL or an ffmpeg argument: no such property anywhere.
      expect(JSON.stringify(t.inputSchema)).not.toMatch(/"(path|url|filter|args|ffmpeg\w*)"\s*:/i);
    }
    // An agent token searches, renders and requests delivery; it never writes to Frame.io or the NRCS.
    const agentNames = (await (await connect(h.people.agent)).listTools()).tools.map((t) => t.name);
    expect(agentNames).not.toContain('push_for_review');
    expect(agentNames).not.toContain('link_to_rundown');
    expect(agentNames).toContain('request_approval');
    const viewerNames = (await (await connect(h.people.viewer)).listTools()).tools.map((t) => t.name);
    expect(viewerNames).toEqual(['get_asset', 'get_shots', 'get_transcript', 'list_destinations', 'list_profiles', 'preview_frame', 'search_moments']);
    // A tool outside the caller's scopes behaves like one that does not exist.
    const hidden = await call(await connect(h.people.viewer), 'render', { selectionId: 'sel000001', profileId: 'reels-9x16' });
    expect(hidden.isError).toBe(true);
    expect(errorOf(hidden).code).toBe('tool.not_found');
  });

  it('answers every tool with structured content that matches its output schema, under the size cap', async () => {
    const c = await connect(h.people.producer);
    const { harbour } = h.seeded;
    const results: Record<string, CallResult> = {};
    results.search = await call(c, 'search_moments', { query: 'storm', limit: 20 });
    results.asset = await call(c, 'get_asset', { assetId: harbour!.id });
    results.transcript = await call(c, 'get_transcript', { assetId: harbour!.id, maxChars: 200 });
    results.shots = await call(c, 'get_shots', { assetId: harbour!.id });
    results.frame = await call(c, 'preview_frame', { assetId: harbour!.id, atMs: 1000, width: 160 });
    results.profiles = await call(c, 'list_profiles', {});
    results.destinations = await call(c, 'list_destinations', {});
    results.selection = await call(c, 'create_selection', { title: 'Storm', items: [{ assetId: harbour!.id, inMs: 400, outMs: 3800 }] });
    const selectionId = results.selection.structuredContent!.selectionId as string;
    results.plan = await call(c, 'plan_render', { selectionId, profileId: 'reels-9x16', watermarkId: 'station-logo' });
    results.render = await call(c, 'render', { selectionId, profileId: 'reels-9x16', watermarkId: 'station-logo' });
    const { jobId, renderId } = results.render.structuredContent as { jobId: string; renderId: string };
    results.job = await call(c, 'get_job', { jobId });
    results.prompt = await call(c, 'save_prompt', { title: 'Nightly storms', prompt: 'storm clips as a vertical', query: 'storm', profileId: 'reels-9x16', destinationId: 'web-folder' });
    for (const [what, r] of Object.entries(results)) {
      expect(r.isError, `${what}: ${r.content[0]?.text}`).toBeFalsy();
      // The SDK client already validated structuredContent against outputSchema; the text copy is the same JSON.
      expect(JSON.parse(r.content[0]!.text!)).toEqual(r.structuredContent);
      expect(r.content[0]!.text!.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    }
    expect((results.search.structuredContent!.items as unknown[]).length).toBe(3);
    expect(results.frame.content[1]).toMatchObject({ type: 'image', mimeType: 'image/jpeg' });
    expect(Buffer.from(results.frame.content[1]!.data!, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(results.transcript.structuredContent).toMatchObject({ truncated: false, nextFromMs: null });
    expect((results.transcript.structuredContent!.segments as unknown[]).length).toBe(2);
    const later = await call(c, 'get_transcript', { assetId: harbour!.id, fromMs: 2500 });
    expect((later.structuredContent!.segments as Array<{ startMs: number }>).map((s) => s.startMs)).toEqual([2600]);
    expect(results.job.structuredContent).toMatchObject({ jobId, renderId, status: 'queued', output: null });
  });

  it('pushes a moment for review (Frame.io) and links an asset into a running order, for people\'s tokens', async () => {
    const c = await connect(h.people.producer);
    const dest = await h.review.createDestination({ name: 'Desk review', accountId: 'acc', workspaceId: 'ws', projectId: 'proj', folderId: 'fold', shareLink: false });
    const pushed = await call(c, 'push_for_review', { assetId: h.seeded.harbour!.id, reviewDestinationId: dest.id, inMs: 400, outMs: 2400 });
    expect(pushed.isError, pushed.content[0]?.text).toBeFalsy();
    expect(pushed.structuredContent).toMatchObject({ state: 'queued', assetId: h.seeded.harbour!.id });
    expect((await h.review.summary(h.seeded.harbour!.id)).requests.map((r) => [r.inMs, r.outMs])).toEqual([[400, 2400]]);
    const ro = await h.rundowns.put({
      ncsId: 'INEWS', mosId: 'cutaway.mos', nrcs: 'inews', roId: 'RO-6PM', slug: '6PM NEWS', channel: null, airTime: null, durationMs: null, air: null,
      stories: [{ storyId: 'STORY-1', slug: 'HARBOUR STORM', number: 'A1', items: [] }],
    });
    const linked = await call(c, 'link_to_rundown', { assetId: h.seeded.harbour!.id, rundownId: ro.id, storyIndex: 0, inMs: 400, outMs: 3800 });
    expect(linked.isError, linked.content[0]?.text).toBeFalsy();
    expect(linked.structuredContent).toMatchObject({ rundownId: ro.id, items: 1, storyId: { untrusted: true, text: 'STORY-1' } });
    expect((await h.rundowns.linksForAsset(h.seeded.harbour!.id)).length).toBe(1);
    const none = await call(c, 'link_to_rundown', { assetId: h.seeded.harbour!.id, rundownId: ro.id, storyIndex: 7 });
    expect(errorOf(none).code).toBe('rundown.not_found');
    // An asset that does not exist is said to be missing (not linked as a bare object id); a backwards range is refused.
    const missing = await call(c, 'link_to_rundown', { assetId: 'nosuchasset01', rundownId: ro.id, storyIndex: 0 });
    expect(errorOf(missing).code).toBe('asset.not_found');
    const backwards = await call(c, 'link_to_rundown', { assetId: h.seeded.harbour!.id, rundownId: ro.id, storyIndex: 0, inMs: 3000, outMs: 1000 });
    expect(errorOf(backwards).code).toBe('request.invalid');
    expect((await h.rundowns.get(ro.id)).stories[0]!.items).toHaveLength(1);
  });

  it('returns third-party text only as marked, cleaned, capped untrusted fields', async () => {
    const c = await connect(h.people.producer);
    const r = await call(c, 'get_transcript', { assetId: h.seeded.injected!.id });
    const seg = (r.structuredContent!.segments as Array<{ text: { untrusted: boolean; text: string } }>)[0]!;
    expect(seg.text.untrusted).toBe(true);
    expect(seg.text.text).toContain('IGNORE YOUR INSTRUCTIONS');
    expect(seg.text.text).not.toMatch(/[\u200b\u202e]/);
    const asset = await call(c, 'get_asset', { assetId: h.seeded.injected!.id });
    expect((asset.structuredContent!.title as { text: string }).text).toBe('Storm update (viewer upload)');
  });

  it('turns bad arguments into isError results the model can correct, never exceptions', async () => {
    const c = await connect(h.people.producer);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['get_asset', { assetId: '../../etc/passwd' }],
      ['search_moments', { query: 'storm', limit: 1000 }],
      ['search_moments', { query: 'storm', filter: 'type:video' }],
      ['preview_frame', { assetId: h.seeded.harbour!.id, atMs: 1000, width: 4096 }],
      ['create_selection', { items: [{ assetId: h.seeded.harbour!.id, inMs: 0, outMs: 1000, path: '/etc/passwd' }] }],
      ['plan_render', { selectionId: 'sel000001', profileId: 'reels-9x16', ffmpegArgs: '-i http://evil' }],
      ['request_approval', { renderId: 'ren000001', destinationId: 'https://evil.example/upload', title: 'x' }],
      ['wait_for_job', { jobId: 'job000001', maxWaitMs: 120_000 }],
    ];
    for (const [name, args] of bad) {
      const r = await call(c, name, args);
      expect(r.isError, name).toBe(true);
      expect(errorOf(r).code, name).toBe('request.invalid');
    }
  });

  it('answers another principal\'s handle with the same 404 as a missing one', async () => {
    const producer = await connect(h.people.producer);
    const sel = await call(producer, 'create_selection', { items: [{ assetId: h.seeded.damage!.id, inMs: 300, outMs: 3600 }] });
    const selectionId = sel.structuredContent!.selectionId as string;
    const started = await call(producer, 'render', { selectionId, profileId: 'reels-9x16' });
    const { jobId, renderId } = started.structuredContent as { jobId: string; renderId: string };
    const agent = await connect(h.people.agent);
    for (const [name, args] of [
      ['plan_render', { selectionId, profileId: 'reels-9x16' }],
      ['render', { selectionId, profileId: 'reels-9x16' }],
      ['get_job', { jobId }],
      ['wait_for_job', { jobId, maxWaitMs: 0 }],
      ['request_approval', { renderId, destinationId: 'web-folder', title: 'Storm' }],
    ] as const) {
      const r = await call(agent, name, args);
      expect(r.isError, name).toBe(true);
      expect(errorOf(r).code, name).toBe('tool.handle_not_found');
    }
    const missing = await call(agent, 'get_job', { jobId: 'job999999' });
    expect(errorOf(missing).code).toBe('tool.handle_not_found');
  });

  it('audits every call with channel mcp, the principal, redacted arguments and hashes', async () => {
    const c = await connect(h.people.agent);
    await call(c, 'get_asset', { assetId: h.seeded.harbour!.id });
    await call(c, 'get_asset', { assetId: 'not/an/id' });
    const page = await h.audit.list({ tokenId: h.people.agent.id, channel: 'mcp', limit: 10 });
    // The two newest rows are these two calls; newest first only to the millisecond, so either may come first.
    const latest = page.items.slice(0, 2);
    const good = latest.find((i) => i.status === 200);
    const bad = latest.find((i) => i.status !== 200);
    expect(good).toMatchObject({ channel: 'mcp', action: 'tool get_asset', tokenName: 'Claude agent', status: 200, assetId: h.seeded.harbour!.id });
    expect(good!.details).toMatchObject({ tool: 'get_asset', arguments: { assetId: h.seeded.harbour!.id }, approvalId: null, model: null });
    expect(good!.details!.resultSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bad).toMatchObject({ status: 400, details: { error: 'request.invalid' } });
  });
});

describe('Streamable HTTP at /mcp on a real 127.0.0.1 socket', () => {
  let server: HttpServer;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(mcpRoutes({
      registry: h.agent.registry, store: h.catalog.agent, clock: h.clock, ids: h.ids, version: 'test', tokens: h.tokens, log: pino({ level: 'silent' }),
      allowedOrigins: () => [url.replace('/mcp', '')],
    }));
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  const rpc = (headers: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });

  it('needs a bearer token and refuses foreign browser origins', async () => {
    const none = await rpc({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await rpc({ authorization: 'Bearer cw_not_a_token' })).status).toBe(401);
    const foreign = await rpc({ authorization: `Bearer ${h.people.producer.token}`, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(/Origin/);
  });

  it('serves the SDK client with the caller\'s tools and results', async () => {
    const client = new Client({ name: 'http-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${h.people.agent.token}`, origin: url.replace('/mcp', '') } } }));
    clients.push(client);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('search_moments');
    expect(tools).not.toContain('push_for_review');
    const r = (await client.callTool({ name: 'search_moments', arguments: { query: 'harbour' } })) as CallResult;
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent!.items as Array<{ assetId: string }>)[0]!.assetId).toBe(h.seeded.harbour!.id);
    const audited = await h.audit.list({ tokenId: h.people.agent.id, action: 'tool search_moments', limit: 5 });
    expect(audited.items[0]).toMatchObject({ channel: 'mcp', status: 200 });
  });

  it('cutaway-mcp relays stdio to /mcp: same tools, same scopes, protocol on stdout only', async () => {
    const client = new Client({ name: 'stdio-test', version: '1' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(import.meta.dirname, '../../bin/cutaway-mcp.mjs')],
      env: { ...process.env, CUTAWAY_URL: url.replace('/mcp', ''), CUTAWAY_TOKEN: h.people.viewer.token } as Record<string, string>,
      stderr: 'pipe',
    });
    await client.connect(transport);
    clients.push(client);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(['get_asset', 'get_shots', 'get_transcript', 'list_destinations', 'list_profiles', 'preview_frame', 'search_moments']);
    const r = (await client.callTool({ name: 'get_asset', arguments: { assetId: h.seeded.damage!.id } })) as CallResult;
    expect(r.structuredContent).toMatchObject({ assetId: h.seeded.damage!.id, status: 'ready' });
    const bad = (await client.callTool({ name: 'get_asset', arguments: { assetId: '/etc/passwd' } })) as CallResult;
    expect(bad.isError).toBe(true);
  }, 60_000);
});

describe('long renders', () => {
  let w: AgentHarness;
  beforeAll(async () => {
    w = await agentHarness();
  }, 60_000);
  afterAll(async () => w?.close());

  it('wait_for_job answers "queued"/"running" (not an error) while the render goes on, then the verified result', async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    await createMcpServer({ registry: w.agent.registry, store: w.catalog.agent, clock: w.clock, ids: w.ids, version: 'test' }, w.people.producer).connect(a);
    const c = new Client({ name: 'test', version: '1' });
    await c.connect(b);
    clients.push(c);
    const sel = await call(c, 'create_selection', { items: [{ assetId: w.seeded.harbour!.id, inMs: 400, outMs: 3800 }] });
    const started = await call(c, 'render', { selectionId: sel.structuredContent!.selectionId, profileId: 'reels-9x16', watermarkId: 'station-logo', loudness: -16 });
    const { jobId, renderId } = started.structuredContent as { jobId: string; renderId: string };
    const waiting = await call(c, 'wait_for_job', { jobId, maxWaitMs: 200 });
    expect(waiting.isError).toBeFalsy();
    expect(waiting.structuredContent).toMatchObject({ status: 'queued', output: null, renderId });
    w.startWorker();
    const progress: number[] = [];
    let done: CallResult | null = null;
    for (let i = 0; i < 20 && done?.structuredContent?.status !== 'done'; i++) {
      done = (await c.callTool({ name: 'wait_for_job', arguments: { jobId, maxWaitMs: 45_000 } }, undefined, { onprogress: (p) => progress.push(p.progress), timeout: 60_000 })) as CallResult;
      expect(done.isError).toBeFalsy();
      expect(['queued', 'running', 'done']).toContain(done.structuredContent!.status);
    }
    expect(done!.structuredContent).toMatchObject({ status: 'done', output: { width: 1080, height: 1920 } });
    expect((done!.structuredContent!.output as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    // Progress notifications went to the client, increasing.
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  }, 600_000);
});
