import pino from 'pino';
import { loadConfig } from './config';
import { startBridge } from './bridge';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  // No logger yet: one plain line naming every bad key.
  process.stderr.write(`frameio-bridge: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
// Secrets never reach the log: headers and known secret fields are redacted wherever they appear.
const log = pino({
  level: config.logLevel,
  base: { service: 'frameio-bridge' },
  redact: ['*.authorization', '*.client_secret', '*.refresh_token', '*.access_token', '*.secret', '*.headers'],
});

try {
  const bridge = await startBridge(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    bridge.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, err instanceof Error ? err.message : 'start failed');
  process.exit(1);
}
