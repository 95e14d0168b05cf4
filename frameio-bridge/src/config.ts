import { z } from 'zod';
import { AppError } from '@cutaway/shared';

/** The only reader of process.env in the bridge (ARCHITECTURE.md "Config"); names as in issue 10. */
const EnvSchema = z.object({
  CUTAWAY_FRAMEIO_HOST: z.string().default('127.0.0.1'),
  CUTAWAY_FRAMEIO_PORT: z.coerce.number().int().min(0).max(65535).default(8751),
  /** Frame.io V4 API origin (paths start /v4/…); a local fake in tests. */
  CUTAWAY_FRAMEIO_API_BASE: z.url().default('https://api.frame.io'),
  /** Adobe IMS origin (/ims/token/v3, /ims/authorize/v2). */
  CUTAWAY_FRAMEIO_IMS_BASE: z.url().default('https://ims-na1.adobelogin.com'),
  CUTAWAY_FRAMEIO_CLIENT_ID: z.string().min(1).optional(),
  CUTAWAY_FRAMEIO_CLIENT_SECRET: z.string().min(1).optional(),
  /** s2s = server-to-server client credentials; user = authorization code with a stored refresh token. */
  CUTAWAY_FRAMEIO_AUTH: z.enum(['s2s', 'user']).default('s2s'),
  /** Where Frame.io and the browser reach this bridge (webhook registration, OAuth redirect). */
  CUTAWAY_FRAMEIO_PUBLIC_URL: z.url().optional(),
  /** Signing secret when the webhook was registered elsewhere; secrets from our own registration are stored encrypted. */
  CUTAWAY_FRAMEIO_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** 32 bytes (base64 or hex) that encrypt tokens and secrets at rest; generated into the data dir (0600) when unset. */
  CUTAWAY_FRAMEIO_SECRET_KEY: z.string().optional(),
  /** Frame.io V4's comment `timestamp` integer is a frame number from 1 (V4 migration guide); V2 counted from 0. */
  CUTAWAY_FRAMEIO_FRAME_BASE: z.enum(['0', '1']).default('1'),
  CUTAWAY_FRAMEIO_PART_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(6),
  CUTAWAY_FRAMEIO_PART_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  CUTAWAY_FRAMEIO_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** Base of the exponential back-off for 429s, 5xx and failed parts (docs: start at about 1 s). */
  CUTAWAY_FRAMEIO_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  CUTAWAY_API_URL: z.url().default('http://127.0.0.1:8750'),
  CUTAWAY_API_TOKEN: z.string().min(1).optional(),
  CUTAWAY_DATA_DIR: z.string().default('./data'),
  CUTAWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BridgeConfig {
  readonly host: string;
  readonly port: number;
  readonly apiBase: string;
  readonly imsBase: string;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly auth: 's2s' | 'user';
  readonly publicUrl: string | undefined;
  readonly webhookSecret: string | undefined;
  readonly secretKey: string | undefined;
  readonly frameBase: 0 | 1;
  readonly partConcurrency: number;
  readonly partRetries: number;
  readonly pollMs: number;
  readonly backoffMs: number;
  readonly cutawayUrl: string;
  readonly cutawayToken: string | undefined;
  readonly dataDir: string;
  readonly logLevel: string;
}

export function loadConfig(env: Record<string, string | undefined>): BridgeConfig {
  const parsed = EnvSchema.safeParse(env);
  const bad = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Required settings are checked here too, so one start lists every missing or bad key.
  const need = (key: string, why: string) => !env[key] && !bad.some((b) => b.startsWith(`${key}:`)) && bad.push(`${key}: required (${why})`);
  need('CUTAWAY_API_TOKEN', 'an editor token of platform-api');
  need('CUTAWAY_FRAMEIO_CLIENT_ID', 'Adobe Developer Console credentials');
  need('CUTAWAY_FRAMEIO_CLIENT_SECRET', 'Adobe Developer Console credentials');
  if (env.CUTAWAY_FRAMEIO_AUTH === 'user') need('CUTAWAY_FRAMEIO_PUBLIC_URL', 'the OAuth redirect of CUTAWAY_FRAMEIO_AUTH=user');
  if (!parsed.success || bad.length) throw new AppError('config.invalid', `Invalid configuration: ${bad.join('; ')}`, bad);
  const e = parsed.data;
  return Object.freeze({
    host: e.CUTAWAY_FRAMEIO_HOST,
    port: e.CUTAWAY_FRAMEIO_PORT,
    apiBase: e.CUTAWAY_FRAMEIO_API_BASE.replace(/\/+$/, ''),
    imsBase: e.CUTAWAY_FRAMEIO_IMS_BASE.replace(/\/+$/, ''),
    clientId: e.CUTAWAY_FRAMEIO_CLIENT_ID,
    clientSecret: e.CUTAWAY_FRAMEIO_CLIENT_SECRET,
    auth: e.CUTAWAY_FRAMEIO_AUTH,
    publicUrl: e.CUTAWAY_FRAMEIO_PUBLIC_URL?.replace(/\/+$/, ''),
    webhookSecret: e.CUTAWAY_FRAMEIO_WEBHOOK_SECRET,
    secretKey: e.CUTAWAY_FRAMEIO_SECRET_KEY,
    frameBase: e.CUTAWAY_FRAMEIO_FRAME_BASE === '0' ? 0 : 1,
    partConcurrency: e.CUTAWAY_FRAMEIO_PART_CONCURRENCY,
    partRetries: e.CUTAWAY_FRAMEIO_PART_RETRIES,
    pollMs: e.CUTAWAY_FRAMEIO_POLL_MS,
    backoffMs: e.CUTAWAY_FRAMEIO_BACKOFF_MS,
    cutawayUrl: e.CUTAWAY_API_URL,
    cutawayToken: e.CUTAWAY_API_TOKEN,
    dataDir: e.CUTAWAY_DATA_DIR,
    logLevel: e.CUTAWAY_LOG_LEVEL,
  });
}
