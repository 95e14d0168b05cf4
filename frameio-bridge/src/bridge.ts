import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { ClientCredentialsAuth, UserOAuth, type TokenProvider } from './auth/ims';
import type { BridgeConfig } from './config';
import { FrameioClient } from './frameio/client';
import { FrameioHttp } from './frameio/http';
import { createBridgeServer } from './http/server';
import { PushWorker } from './push/push-worker';
import { DeliveryQueue } from './state/deliveries';
import { SecretBox } from './state/secret-box';
import { SecretStore } from './state/secrets';
import { openStateDb } from './state/state-db';
import { UploadStore } from './state/uploads';
import { WebhookProcessor } from './webhook/processor';
import { webhookReceiver } from './webhook/receiver';
import { webhookRegistrar } from './webhook/registration';

export interface RunningBridge {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Composition root of the bridge: state → auth → Frame.io client → push worker, webhook receiver and processor. */
export async function startBridge(config: BridgeConfig, log: Logger): Promise<RunningBridge> {
  if (!config.cutawayToken) throw new AppError('config.invalid', 'CUTAWAY_API_TOKEN is required (an editor token of platform-api)');
  if (!config.clientId || !config.clientSecret) throw new AppError('config.invalid', 'CUTAWAY_FRAMEIO_CLIENT_ID and CUTAWAY_FRAMEIO_CLIENT_SECRET are required (Adobe Developer Console)');
  if (config.auth === 'user' && !config.publicUrl) throw new AppError('config.invalid', 'CUTAWAY_FRAMEIO_AUTH=user needs CUTAWAY_FRAMEIO_PUBLIC_URL for the OAuth redirect');

  const stateDir = resolve(config.dataDir, 'frameio-bridge');
  const stagingDir = join(stateDir, 'staging');
  mkdirSync(stagingDir, { recursive: true });
  // Half-written downloads from a killed process are useless (completed ones are kept for resuming).
  for (const f of readdirSync(stagingDir)) if (f.endsWith('.partial')) rmSync(join(stagingDir, f), { force: true });
  const db = openStateDb(join(stateDir, 'state.db'));
  const secrets = new SecretStore(db, SecretBox.open(config.secretKey, stateDir));
  const uploads = new UploadStore(db);
  const queue = new DeliveryQueue(db);
  const workerId = uploads.meta('worker_id', () => `frameio-bridge-${randomBytes(6).toString('hex')}`);

  const oauth =
    config.auth === 'user'
      ? new UserOAuth({ imsBase: config.imsBase, clientId: config.clientId, clientSecret: config.clientSecret, redirectUri: `${config.publicUrl}/oauth/callback`, secrets })
      : null;
  const tokens: TokenProvider = oauth ?? new ClientCredentialsAuth({ imsBase: config.imsBase, clientId: config.clientId, clientSecret: config.clientSecret });
  const frameio = new FrameioClient(new FrameioHttp({ base: config.apiBase, tokens, backoffMs: config.backoffMs, log: log.child({ component: 'frameio' }) }));
  const cutaway = new CutawayClient({ baseUrl: config.cutawayUrl, token: config.cutawayToken });

  const ensureWebhook = webhookRegistrar({ frameio, secrets, publicUrl: config.publicUrl, log: log.child({ component: 'webhooks' }) });
  const processor = new WebhookProcessor({ queue, frameio, cutaway, uploads, frameBase: config.frameBase, backoffMs: config.backoffMs, log: log.child({ component: 'webhook-processor' }) });
  const push = new PushWorker({
    cutaway, frameio, uploads, stagingDir, workerId, log: log.child({ component: 'push', workerId }),
    partConcurrency: config.partConcurrency, partRetries: config.partRetries, backoffMs: config.backoffMs, pollMs: config.pollMs,
    ensureWebhook: (d) => ensureWebhook(d).catch((err: unknown) => log.warn({ err: String(err) }, 'webhook registration failed; will retry on the next push')),
  });

  const webhookSecrets = () => [...(config.webhookSecret ? [config.webhookSecret] : []), ...secrets.list('webhook:')];
  const server = createBridgeServer({
    webhook: webhookReceiver({ queue, secrets: webhookSecrets, log: log.child({ component: 'webhook' }), onQueued: () => processor.wake() }),
    health: () => ({ ok: true, workerId, deliveries: queue.counts(), auth: config.auth, signedIn: oauth ? oauth.signedIn : null }),
    oauth,
    log: log.child({ component: 'http' }),
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  processor.start();
  push.start();
  const url = `http://${config.host}:${port}`;
  log.info({ url, workerId, stateDir, frameio: config.apiBase, cutaway: config.cutawayUrl, auth: config.auth }, 'frameio-bridge listening');
  return {
    url,
    server,
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await push.stop();
      await processor.stop();
      db.close();
    },
  };
}
