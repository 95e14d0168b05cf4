import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { statusMapFrom, type StatusMap } from './live-cue/cue-triggers';
import { AppError } from '@cutaway/shared';

/**
 * The gateway's configuration (ARCHITECTURE.md "Config"): one NRCS from CUTAWAY_MOS_* variables, or
 * several from a JSON file (CUTAWAY_MOS_CONFIG) with per-peer quirks. The only reader of process.env
 * is main.ts, which passes the environment here.
 */
const PeerSchema = z.object({
  ncsId: z.string().min(1).max(128),
  host: z.string().min(1),
  lowerPort: z.number().int().min(1).max(65535).default(10540),
  upperPort: z.number().int().min(1).max(65535).default(10541),
  nrcs: z.enum(['inews', 'enps', 'other']).default('other'),
  /** MOS 2.8.5 "Encoding": UCS-2 big-endian; some NRCS (Octopus) can be set to UTF-8. */
  encoding: z.enum(['utf16be', 'utf8']).default('utf16be'),
  bom: z.boolean().default(false),
  heartbeatMs: z.number().int().min(0).default(10_000),
  ackTimeoutMs: z.number().int().min(50).default(5_000),
  retries: z.number().int().min(0).max(10).default(1),
  /** 2.6 peers (iNews MOS Gateway default) get roItemStat instead of roElementStat. */
  mosVersion: z.enum(['2.6', '2.8']).default('2.8'),
  /** Send mosItemReplace when an item's media changes (MOS 2.8.5 §3.2.4; iNews needs AllowMosItemReplace). */
  sendItemReplace: z.boolean().default(false),
  /** Informational: NRCS that never send messageID are accepted either way (mos.md §1.4). */
  sendsMessageId: z.boolean().default(true),
});
export type PeerConfig = z.infer<typeof PeerSchema>;

const FileSchema = z.object({ peers: z.array(PeerSchema).min(1) }).strict();

const port = (def: number) => z.coerce.number().int().min(0).max(65535).default(def);
const EnvSchema = z.object({
  CUTAWAY_MOS_ID: z.string().min(1).max(128).default('cutaway.mam.local.mos'),
  CUTAWAY_MOS_LISTEN_HOST: z.string().default('0.0.0.0'),
  CUTAWAY_MOS_LOWER_PORT: port(10540),
  CUTAWAY_MOS_UPPER_PORT: port(10541),
  CUTAWAY_MOS_QUERY_PORT: port(10542),
  CUTAWAY_MOS_NCS_ID: z.string().min(1).max(128).optional(),
  CUTAWAY_MOS_NCS_HOST: z.string().optional(),
  CUTAWAY_MOS_NCS_LOWER_PORT: z.coerce.number().int().min(1).max(65535).default(10540),
  CUTAWAY_MOS_NCS_UPPER_PORT: z.coerce.number().int().min(1).max(65535).default(10541),
  CUTAWAY_MOS_NCS_KIND: z.enum(['inews', 'enps', 'other']).default('other'),
  CUTAWAY_MOS_NCS_ENCODING: z.enum(['utf16be', 'utf8']).default('utf16be'),
  CUTAWAY_MOS_NCS_VERSION: z.enum(['2.6', '2.8']).default('2.8'),
  CUTAWAY_MOS_NCS_ITEM_REPLACE: z.enum(['true', 'false']).default('false'),
  CUTAWAY_MOS_HEARTBEAT_MS: z.coerce.number().int().min(0).default(10_000),
  CUTAWAY_MOS_ACK_TIMEOUT_MS: z.coerce.number().int().min(50).default(5_000),
  CUTAWAY_MOS_CONFIG: z.string().optional(),
  CUTAWAY_MOS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  /** The HTML5 plug-in page and its API proxy. */
  CUTAWAY_MOS_HTTP_HOST: z.string().default('0.0.0.0'),
  CUTAWAY_MOS_HTTP_PORT: port(10580),
  CUTAWAY_API_URL: z.url().default('http://127.0.0.1:8750'),
  CUTAWAY_API_TOKEN: z.string().min(1, 'the gateway needs an editor token of platform-api'),
  CUTAWAY_DATA_DIR: z.string().default('./data/mos-gateway'),
  CUTAWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface GatewayConfig {
  readonly mosId: string;
  readonly listenHost: string;
  readonly ports: { readonly lower: number; readonly upper: number; readonly query: number };
  readonly peers: readonly PeerConfig[];
  readonly maxMessageBytes: number;
  readonly http: { readonly host: string; readonly port: number };
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof EnvSchema>['CUTAWAY_LOG_LEVEL'];
  /** Item statuses that cue a live item in / out (live-cue/cue-triggers.ts). */
  readonly liveStatuses?: StatusMap;
}

export function loadConfig(env: Record<string, string | undefined>, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): GatewayConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('config.invalid', `Invalid configuration: ${keys.join('; ')}`, keys);
  }
  const e = parsed.data;
  let peers: PeerConfig[];
  if (e.CUTAWAY_MOS_CONFIG) {
    let file: unknown;
    try {
      file = JSON.parse(readFile(e.CUTAWAY_MOS_CONFIG));
    } catch (err) {
      throw new AppError('config.invalid', `Cannot read CUTAWAY_MOS_CONFIG ${e.CUTAWAY_MOS_CONFIG}: ${(err as Error).message}`);
    }
    const f = FileSchema.safeParse(file);
    if (!f.success) throw new AppError('config.invalid', `Invalid ${e.CUTAWAY_MOS_CONFIG}: ${f.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    peers = f.data.peers;
  } else {
    if (!e.CUTAWAY_MOS_NCS_ID || !e.CUTAWAY_MOS_NCS_HOST) throw new AppError('config.invalid', 'Invalid configuration: set CUTAWAY_MOS_NCS_ID and CUTAWAY_MOS_NCS_HOST, or CUTAWAY_MOS_CONFIG');
    peers = [
      PeerSchema.parse({
        ncsId: e.CUTAWAY_MOS_NCS_ID, host: e.CUTAWAY_MOS_NCS_HOST, lowerPort: e.CUTAWAY_MOS_NCS_LOWER_PORT, upperPort: e.CUTAWAY_MOS_NCS_UPPER_PORT,
        nrcs: e.CUTAWAY_MOS_NCS_KIND, encoding: e.CUTAWAY_MOS_NCS_ENCODING, mosVersion: e.CUTAWAY_MOS_NCS_VERSION, sendItemReplace: e.CUTAWAY_MOS_NCS_ITEM_REPLACE === 'true', heartbeatMs: e.CUTAWAY_MOS_HEARTBEAT_MS, ackTimeoutMs: e.CUTAWAY_MOS_ACK_TIMEOUT_MS,
      }),
    ];
  }
  return Object.freeze({
    mosId: e.CUTAWAY_MOS_ID,
    listenHost: e.CUTAWAY_MOS_LISTEN_HOST,
    ports: Object.freeze({ lower: e.CUTAWAY_MOS_LOWER_PORT, upper: e.CUTAWAY_MOS_UPPER_PORT, query: e.CUTAWAY_MOS_QUERY_PORT }),
    peers: Object.freeze(peers),
    maxMessageBytes: e.CUTAWAY_MOS_MAX_MESSAGE_BYTES,
    http: Object.freeze({ host: e.CUTAWAY_MOS_HTTP_HOST, port: e.CUTAWAY_MOS_HTTP_PORT }),
    apiUrl: e.CUTAWAY_API_URL,
    apiToken: e.CUTAWAY_API_TOKEN,
    dataDir: e.CUTAWAY_DATA_DIR,
    logLevel: e.CUTAWAY_LOG_LEVEL,
    liveStatuses: statusMapFrom(env),
  });
}
