import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from './config';
import { nodeVersionProblem } from './node-version';
import { startPlatform } from './platform';
import { installProcessGuard } from './process-guard';

const tooOld = nodeVersionProblem(process.versions.node);
if (tooOld) {
  console.error(tooOld);
  process.exit(1);
}

const config = loadConfig(process.env);
const log = pino({ level: config.logLevel, base: { service: 'platform-api' } });

try {
  const platform = await startPlatform(config, log);
  installProcessGuard(log);
  // The banner names the absolute data directory, so README, banner and disk agree whatever the cwd.
  process.stdout.write(`\nCutaway platform-api ${platform.url}\nData directory: ${config.dataDir}\n`);
  if (platform.generatedAdminToken) {
    // Printed once, on purpose to stdout: the operator needs it to log in. It is also in <data dir>/admin.token (0600).
    process.stdout.write(`\nAdmin token (shown once, also saved in ${join(config.dataDir, 'admin.token')}):\n  ${platform.generatedAdminToken}\n\n`);
  }
  // The sign-in link carries the token in the fragment, which browsers never send to the server.
  const signIn = platform.generatedAdminToken ?? (await readFile(join(config.dataDir, 'admin.token'), 'utf8').then((t) => t.trim(), () => null));
  if (signIn && config.role !== 'worker') {
    const origin = platform.url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
    process.stdout.write(`Browser console: ${origin}/#token=${encodeURIComponent(signIn)}\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests, handing jobs back');
    platform.close().then(
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
