#!/usr/bin/env node
// MCP over stdio, relayed to platform-api's /mcp (src/mcp/stdio-cli.ts); TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/mcp/stdio-cli.ts');
