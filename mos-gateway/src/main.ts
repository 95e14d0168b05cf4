import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { pino } from 'pino';
import WebSocket from 'ws';
import { axiosTransport, CutawayClient, type WebSocketConstructor } from '@cutaway/shared/client';
import { loadConfig } from './config';
import { startGateway } from './gateway';
import { startPluginServer } from './transport/plugin-http';

const config = loadConfig(process.env);
const log = pino({ level: config.logLevel });
const api = new CutawayClient({ baseUrl: config.apiUrl, token: config.apiToken, transport: axiosTransport(axios.create({ timeout: 30_000 })) });
async function start() {
  const gateway = await startGateway(config, { api, log, WebSocketImpl: WebSocket as unknown as WebSocketConstructor });
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'plugin');
  const plugin = await startPluginServer({ host: config.http.host, port: config.http.port, root, apiUrl: config.apiUrl, apiToken: config.apiToken, mosId: config.mosId, log: log.child({ component: 'plugin-http' }) });
  return { gateway, plugin };
}
// A gateway that cannot start says why in one log line and exits 1 (no stack trace for the operator to decode).
const { gateway, plugin } = await start().catch((err: unknown) => {
  log.fatal({ err }, err instanceof Error ? err.message : 'start failed');
  process.exit(1);
});
log.info({ url: `http://${config.http.host}:${plugin.port}/plugin/`, httpPort: plugin.port, ...gateway.ports }, 'mos-gateway ready');

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ sig }, 'stopping');
    Promise.all([gateway.close(), plugin.close()]).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
