import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ADMIN, inProcessPlatform } from '../http/in-process';

/** /mcp as platform.ts wires it: the real app, its tokens, its origin rule; the assistant routes beside it. */
describe('the platform serves /mcp and /api/v1/assistant', () => {
  let p: Awaited<ReturnType<typeof inProcessPlatform>>;
  beforeAll(async () => {
    p = await inProcessPlatform();
  }, 120_000);
  afterAll(async () => p?.close());

  it('lists an agent token\'s tools over Streamable HTTP, accepts the server\'s own origin and refuses others', async () => {
    const created = await p.call(ADMIN, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'agent', role: 'admin', kind: 'agent' }) });
    expect(created.status).toBe(201);
    // Whatever role was asked for, an agent token is a viewer on the plain HTTP API.
    expect(created.body).toMatchObject({ role: 'viewer', kind: 'agent' });
    const client = new Client({ name: 'platform-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${p.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${created.body.token}`, origin: p.url } } }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('render');
    expect(names).not.toContain('push_for_review');
    await client.close();
    const foreign = await fetch(`${p.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, origin: 'http://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(foreign.status).toBe(403);
    // The agent's plain HTTP surface is read-only: a write route refuses it.
    const write = await p.call(created.body.token, '/api/v1/selections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(403);
  }, 60_000);

  it('answers the assistant routes: tools by scope, no model configured → assistant.unavailable', async () => {
    const tools = await p.call(ADMIN, '/api/v1/assistant/tools');
    expect(tools.status).toBe(200);
    expect(tools.body.available).toBe(false);
    expect(tools.body.items.map((t: { name: string }) => t.name)).toContain('push_for_review');
    const chat = await p.call(ADMIN, '/api/v1/assistant/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
    expect(chat.status).toBe(503);
    expect(chat.body.error.code).toBe('assistant.unavailable');
    const prompts = await p.call(ADMIN, '/api/v1/assistant/prompts');
    expect(prompts.body).toEqual({ items: [] });
  }, 60_000);
});
