/**
 * `npx cutaway-mcp`: MCP over stdio for desktop clients (Claude Desktop, VS Code, Cursor) that start a local
 * command. It holds no tools of its own: each JSON-RPC message is relayed to platform-api's Streamable HTTP
 * endpoint (/mcp) with the token, so there is one registry, one set of scopes and one audit trail.
 * stdout carries only protocol messages (MCP stdio transport); diagnostics go to stderr.
 *
 * Environment: CUTAWAY_URL (default http://127.0.0.1:8750), CUTAWAY_TOKEN (required; an agent token is the
 * least-privilege choice).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const base = (process.env.CUTAWAY_URL ?? 'http://127.0.0.1:8750').replace(/\/+$/, '');
const token = process.env.CUTAWAY_TOKEN;
if (!token) {
  process.stderr.write('cutaway-mcp: set CUTAWAY_TOKEN to a Cutaway API token (an agent token: POST /api/v1/tokens {"kind":"agent"})\n');
  process.exit(2);
}

const local = new StdioServerTransport();
const remote = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
const fail = (what: string) => (err: unknown) => process.stderr.write(`cutaway-mcp: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);

local.onmessage = (message) => {
  remote.send(message).catch((err: unknown) => {
    fail('platform-api did not answer')(err);
    // A request the server never got still deserves an answer, or the client waits for its timeout.
    if ('id' in message && 'method' in message) {
      local.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `Cutaway at ${base} is unreachable or refused the token` } }).catch(fail('stdout'));
    }
  });
};
remote.onmessage = (message) => void local.send(message).catch(fail('stdout'));
remote.onerror = fail('HTTP transport');
local.onclose = () => void remote.close().finally(() => process.exit(0));

await remote.start();
await local.start();
