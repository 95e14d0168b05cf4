import { deliveryConfig, DeliveryEnvSchema, type DeliveryConfig } from './config-delivery';
import { z } from 'zod';
import { AppError } from '@cutaway/shared';
import { resolveDataDir } from './data-dir';

/**
 * The only reader of process.env (docs/architecture.md "Config"). Defaults make
 * `npm start` work with zero configuration: SQLite and media under the repository's data/.
 */
const EnvSchema = z.object({
  CUTAWAY_API_HOST: z.string().default('127.0.0.1'),
  CUTAWAY_API_PORT: z.coerce.number().int().min(0).max(65535).default(8750),
  /** Unset: the repository's data/ (see data-dir.ts); relative: from where the command was typed. */
  CUTAWAY_DATA_DIR: z.string().optional(),
  INIT_CWD: z.string().optional(),
  CUTAWAY_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CUTAWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted upload; tus and multipart both enforce it. */
  CUTAWAY_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(50 * 1024 ** 3),
  /** Parallel media jobs in this process; 0 runs an API without workers. */
  CUTAWAY_WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(16).default(1),
  CUTAWAY_FFMPEG_PATH: z.string().default('ffmpeg'),
  CUTAWAY_FFPROBE_PATH: z.string().default('ffprobe'),
  /** Job lease: a killed worker's job is picked up again after this. */
  CUTAWAY_JOB_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),

  /** Scale-out (issue 3): PostgreSQL catalog/search/queue and S3-compatible storage. Unset: SQLite + local disk. */
  CUTAWAY_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** PostgreSQL schema to use (default: the server's search_path). */
  CUTAWAY_DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  CUTAWAY_STORAGE: z.enum(['local', 's3']).default('local'),
  CUTAWAY_S3_ENDPOINT: z.url().optional(),
  CUTAWAY_S3_REGION: z.string().default('us-east-1'),
  CUTAWAY_S3_BUCKET: z.string().optional(),
  CUTAWAY_S3_ACCESS_KEY_ID: z.string().optional(),
  CUTAWAY_S3_SECRET_ACCESS_KEY: z.string().optional(),
  CUTAWAY_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  CUTAWAY_S3_PREFIX: z.string().optional(),
  /** all = API + worker in one process (embedded default); api = HTTP/ws only; worker = jobs only. */
  CUTAWAY_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /** Watch folders must run in exactly one process of a deployment. */
  CUTAWAY_WATCH_FOLDERS: z.enum(['on', 'off']).optional(),

  /** Enrichment (issue 4): per-step engines; `auto` picks the strongest configured one. */
  CUTAWAY_ENRICH: z.enum(['on', 'off']).default('on'),
  CUTAWAY_ENRICH_SPEECH: z.enum(['auto', 'local', 'openai', 'whisper-cpp', 'off']).default('auto'),
  CUTAWAY_ENRICH_OCR: z.enum(['local', 'off']).default('local'),
  CUTAWAY_ENRICH_EMBEDDINGS: z.enum(['auto', 'local', 'openai', 'off']).default('auto'),
  CUTAWAY_ENRICH_INSIGHTS: z.enum(['auto', 'openai', 'off']).default('auto'),
  /** Cosine below which a semantic neighbour is not shown as a match. */
  /** Calibrated on `npm run bench:relevance` (docs/search.md "Calibration"): best semantic-only F1 at 0.65. */
  CUTAWAY_SEMANTIC_MIN_SCORE: z.coerce.number().min(-1).max(1).default(0.65),
  CUTAWAY_TESSERACT_PATH: z.string().default('tesseract'),
  CUTAWAY_POCKETSPHINX_PATH: z.string().default('pocketsphinx_continuous'),
  CUTAWAY_AI_BASE_URL: z.url().optional(),
  CUTAWAY_AI_API_KEY: z.string().optional(),
  CUTAWAY_AI_SPEECH_MODEL: z.string().optional(),
  CUTAWAY_AI_CHAT_MODEL: z.string().optional(),
  CUTAWAY_AI_EMBEDDING_MODEL: z.string().optional(),
  CUTAWAY_AI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  CUTAWAY_AI_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  CUTAWAY_WHISPER_CPP_BIN: z.string().optional(),
  CUTAWAY_WHISPER_CPP_MODEL: z.string().optional(),
  /** Live channels (issue 11) record in exactly one process of a deployment; default: every process but workers. */
  CUTAWAY_LIVE: z.enum(['on', 'off']).optional(),
  ...DeliveryEnvSchema,
  /** Rolling HLS buffers; local disk (default <data dir>/live). */
  CUTAWAY_LIVE_DIR: z.string().optional(),
  /** Open-ended clips are re-cut at most this often. */
  CUTAWAY_LIVE_GROW_INTERVAL_MS: z.coerce.number().int().min(1000).default(10_000),
  /** Phonetic index of transcripts (issue 14): the CMU dictionary pocketsphinx ships, espeak-ng for other words. */
  CUTAWAY_ENRICH_PHONETIC: z.enum(['on', 'off']).default('on'),
  CUTAWAY_CMUDICT_PATH: z.string().default('/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict'),
  CUTAWAY_ESPEAK_PATH: z.string().default('espeak-ng'),
  /** Faces and objects (issue 17): local models on tfjs wasm, one worker thread per core by default. */
  CUTAWAY_VISION: z.enum(['on', 'off']).default('on'),
  CUTAWAY_VISION_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** Grouping faces into people (descriptors, clustering, names); off: faces are still found, never compared. */
  CUTAWAY_FACE_GROUPING: z.enum(['on', 'off']).default('on'),
  /** Descriptor distance under which two faces are suggested as one person (docs/faces-objects.md). */
  CUTAWAY_FACE_MATCH_THRESHOLD: z.coerce.number().min(0.1).max(2).default(0.88),

  /** Issue 16: the assistant's budgets per run, MCP's browser origins, how often saved prompts are checked. */
  CUTAWAY_ASSISTANT_MAX_STEPS: z.coerce.number().int().min(1).max(50).default(12),
  CUTAWAY_ASSISTANT_MAX_TOKENS: z.coerce.number().int().min(1000).max(2_000_000).default(60_000),
  CUTAWAY_MCP_ALLOWED_ORIGINS: z.string().default(''),
  CUTAWAY_PROMPT_TICK_MS: z.coerce.number().int().min(1000).default(60_000),

  /** Hardening (issue 7). The origin clients reach this server at (behind a proxy: the proxy's); builds tus Location URLs. */
  CUTAWAY_PUBLIC_URL: z.url().optional(),
  /** Who may frame the UI (CSP frame-ancestors): the MOS plug-in runs inside the NRCS client. Space-separated sources. */
  CUTAWAY_FRAME_ANCESTORS: z.string().regex(/^[^;,\r\n]*$/, 'space-separated CSP sources').default("'self'"),
  /** A request body that sends nothing for this long is cut off; a slow but steady upload is never affected. */
  CUTAWAY_BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Unfinished resumable uploads are deleted this long after their creation (tus expiration extension). */
  CUTAWAY_UPLOAD_EXPIRY_MS: z.coerce.number().int().min(1000).default(7 * 24 * 3600 * 1000),
  /** How often leftovers (partial files, empty asset folders, expired uploads) are swept, and revoked tokens' sockets re-checked. */
  CUTAWAY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10 * 60_000),
  /** A partial file not written for this long is a crash leftover (a live upload writes continuously). */
  CUTAWAY_PARTIAL_MAX_AGE_MS: z.coerce.number().int().min(1000).default(30 * 60_000),
  /** How often open WebSockets' tokens are re-checked (revocations made by another API process). */
  CUTAWAY_WS_RECHECK_MS: z.coerce.number().int().min(100).default(30_000),
  /** Signed media URLs (MOS objPaths, HLS): shared secret of every API process; unset = generated under the data dir. */
  CUTAWAY_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a signed URL unless the caller asks for another (MOS items are played hours after linking). */
  CUTAWAY_SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
  /** A rundown whose air time is this close makes its assets' pending jobs urgent. */
  CUTAWAY_RUNDOWN_URGENT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(120),
  /** Browser console and panels (issue 8): origins allowed by CORS (comma-separated; none by default). */
  CUTAWAY_CORS_ORIGINS: z.string().default(''),
  /** HTTPS: PEM certificate chain and key (UXP on macOS refuses plain http). Both or neither. */
  CUTAWAY_TLS_CERT: z.string().optional(),
  CUTAWAY_TLS_KEY: z.string().optional(),
  /** The console at `/`: `auto` builds it on start when missing or stale (from a source checkout), `off` serves none. */
  CUTAWAY_CONSOLE: z.enum(['auto', 'off']).default('auto'),
  /** Where the built console lives (default <repo>/dist/console). */
  CUTAWAY_CONSOLE_DIR: z.string().optional(),
  /** Archive (issue 13): local tier volumes, the archive tier's restore time, and prices for the storage report. */
  CUTAWAY_TIER_NEARLINE_DIR: z.string().min(1).optional(),
  CUTAWAY_TIER_ARCHIVE_DIR: z.string().min(1).optional(),
  CUTAWAY_TIER_ARCHIVE_RESTORE_MS: z.coerce.number().int().min(0).default(0),
  CUTAWAY_PRICE_CURRENCY: z.string().regex(/^[A-Z]{3}$/).optional(),
  CUTAWAY_PRICE_ONLINE_GB_MONTH: z.coerce.number().min(0).optional(),
  CUTAWAY_PRICE_NEARLINE_GB_MONTH: z.coerce.number().min(0).optional(),
  CUTAWAY_PRICE_ARCHIVE_GB_MONTH: z.coerce.number().min(0).optional(),
  CUTAWAY_PRICE_RESTORE_NEARLINE_GB: z.coerce.number().min(0).optional(),
  CUTAWAY_PRICE_RESTORE_ARCHIVE_GB: z.coerce.number().min(0).optional(),
});

export interface ArchiveConfig {
  readonly nearlineDir: string | undefined;
  readonly archiveDir: string | undefined;
  readonly archiveRestoreMs: number;
  /** Operator prices; unset ones fall back to the published defaults in services/archive/storage-report.ts. */
  readonly prices: {
    currency?: string;
    online?: number;
    nearline?: number;
    archive?: number;
    restoreNearline?: number;
    restoreArchive?: number;
  };
}

export interface AiConfig {
  readonly enabled: boolean;
  readonly speech: 'local' | 'openai' | 'whisper-cpp' | 'off';
  readonly ocr: 'local' | 'off';
  readonly embeddings: 'local' | 'openai' | 'off';
  readonly insights: 'openai' | 'off';
  readonly semanticMinScore: number;
  readonly tesseractPath: string;
  readonly pocketsphinxPath: string;
  readonly openai: { baseUrl: string; apiKey: string | undefined; speechModel?: string; chatModel?: string; embeddingModel?: string; embeddingDimensions?: number; timeoutMs: number } | null;
  readonly whisperCpp: { binPath: string; modelPath: string } | null;
  readonly phonetic: { dictPath: string; espeakPath: string } | null;
  /** Issue 17: faces and objects; `grouping` is the deployment switch for people. */
  readonly vision: { enabled: boolean; threads: number | undefined; grouping: boolean; threshold: number };
}

export interface S3Config {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly forcePathStyle: boolean;
  readonly prefix: string | undefined;
}

export interface Config {
  readonly databaseUrl: string | undefined;
  readonly databaseSchema: string | undefined;
  readonly s3: S3Config | null;
  readonly role: 'all' | 'api' | 'worker';
  readonly watchFolders: boolean;
  readonly host: string;
  readonly port: number;
  /** Absolute. */
  readonly dataDir: string;
  readonly adminToken: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['CUTAWAY_LOG_LEVEL'];
  readonly maxUploadBytes: number;
  readonly workerConcurrency: number;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  readonly jobLeaseMs: number;
  readonly ai: AiConfig;
  readonly hardening: HardeningConfig;
  readonly signing: { readonly secret: string | undefined; readonly ttlSeconds: number };
  /** CUTAWAY_PUBLIC_URL without a trailing slash (also in hardening.publicUrl). */
  readonly publicUrl: string | undefined;
  readonly rundownUrgentMinutes: number;
  readonly web: WebConfig;
  readonly live: { readonly enabled: boolean; readonly dir: string | undefined; readonly growIntervalMs: number };
  readonly archive: ArchiveConfig;
  /** Issue 16 (docs/mcp.md). */
  readonly assistant: { readonly maxSteps: number; readonly maxTokens: number; readonly mcpAllowedOrigins: readonly string[]; readonly promptTickMs: number };
  readonly delivery: DeliveryConfig;
}

export interface HardeningConfig {
  readonly publicUrl: string | undefined;
  readonly frameAncestors: string;
  readonly bodyIdleTimeoutMs: number;
  readonly uploadExpiryMs: number;
  readonly sweepIntervalMs: number;
  readonly partialMaxAgeMs: number;
  readonly wsRecheckMs: number;
}

export interface WebConfig {
  readonly corsOrigins: readonly string[];
  readonly tls: { certPath: string; keyPath: string } | null;
  readonly console: 'auto' | 'off';
  readonly consoleDir: string | undefined;
}

/** Parses the environment; fails listing every bad key at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('config.invalid', `Invalid configuration: ${keys.join('; ')}`, keys);
  }
  const e = parsed.data;
  let s3: S3Config | null = null;
  if (e.CUTAWAY_STORAGE === 's3') {
    const missing = (['CUTAWAY_S3_BUCKET', 'CUTAWAY_S3_ACCESS_KEY_ID', 'CUTAWAY_S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]);
    if (missing.length) throw new AppError('config.invalid', `Invalid configuration: CUTAWAY_STORAGE=s3 needs ${missing.join(', ')}`, missing);
    s3 = Object.freeze({
      endpoint: e.CUTAWAY_S3_ENDPOINT, region: e.CUTAWAY_S3_REGION, bucket: e.CUTAWAY_S3_BUCKET!, accessKeyId: e.CUTAWAY_S3_ACCESS_KEY_ID!,
      secretAccessKey: e.CUTAWAY_S3_SECRET_ACCESS_KEY!, forcePathStyle: e.CUTAWAY_S3_FORCE_PATH_STYLE === 'true', prefix: e.CUTAWAY_S3_PREFIX,
    });
  }
  return Object.freeze({
    databaseUrl: e.CUTAWAY_DATABASE_URL,
    databaseSchema: e.CUTAWAY_DATABASE_SCHEMA,
    s3,
    role: e.CUTAWAY_ROLE,
    watchFolders: e.CUTAWAY_WATCH_FOLDERS ? e.CUTAWAY_WATCH_FOLDERS === 'on' : e.CUTAWAY_ROLE !== 'worker',
    host: e.CUTAWAY_API_HOST,
    port: e.CUTAWAY_API_PORT,
    dataDir: resolveDataDir(e.CUTAWAY_DATA_DIR, e),
    adminToken: e.CUTAWAY_ADMIN_TOKEN,
    logLevel: e.CUTAWAY_LOG_LEVEL,
    maxUploadBytes: e.CUTAWAY_MAX_UPLOAD_BYTES,
    workerConcurrency: e.CUTAWAY_WORKER_CONCURRENCY,
    ffmpegPath: e.CUTAWAY_FFMPEG_PATH,
    ffprobePath: e.CUTAWAY_FFPROBE_PATH,
    jobLeaseMs: e.CUTAWAY_JOB_LEASE_MS,
    ai: Object.freeze(aiConfig(e)),
    hardening: Object.freeze({
      publicUrl: e.CUTAWAY_PUBLIC_URL?.replace(/\/+$/, ''),
      frameAncestors: e.CUTAWAY_FRAME_ANCESTORS.trim() || "'none'",
      bodyIdleTimeoutMs: e.CUTAWAY_BODY_IDLE_TIMEOUT_MS,
      uploadExpiryMs: e.CUTAWAY_UPLOAD_EXPIRY_MS,
      sweepIntervalMs: e.CUTAWAY_SWEEP_INTERVAL_MS,
      partialMaxAgeMs: e.CUTAWAY_PARTIAL_MAX_AGE_MS,
      wsRecheckMs: e.CUTAWAY_WS_RECHECK_MS,
    }),
    signing: Object.freeze({ secret: e.CUTAWAY_SIGNING_SECRET, ttlSeconds: e.CUTAWAY_SIGNED_URL_TTL_SECONDS }),
    publicUrl: e.CUTAWAY_PUBLIC_URL?.replace(/\/+$/, ''),
    rundownUrgentMinutes: e.CUTAWAY_RUNDOWN_URGENT_MINUTES,
    web: Object.freeze(webConfig(e)),
    assistant: Object.freeze({
      maxSteps: e.CUTAWAY_ASSISTANT_MAX_STEPS,
      maxTokens: e.CUTAWAY_ASSISTANT_MAX_TOKENS,
      mcpAllowedOrigins: Object.freeze(e.CUTAWAY_MCP_ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)),
      promptTickMs: e.CUTAWAY_PROMPT_TICK_MS,
    }),
    delivery: deliveryConfig(e),
    live: Object.freeze({ enabled: e.CUTAWAY_LIVE ? e.CUTAWAY_LIVE === 'on' : e.CUTAWAY_ROLE !== 'worker', dir: e.CUTAWAY_LIVE_DIR, growIntervalMs: e.CUTAWAY_LIVE_GROW_INTERVAL_MS }),
    archive: Object.freeze({
      nearlineDir: e.CUTAWAY_TIER_NEARLINE_DIR,
      archiveDir: e.CUTAWAY_TIER_ARCHIVE_DIR,
      archiveRestoreMs: e.CUTAWAY_TIER_ARCHIVE_RESTORE_MS,
      prices: Object.freeze(
        Object.fromEntries(
          Object.entries({
            currency: e.CUTAWAY_PRICE_CURRENCY, online: e.CUTAWAY_PRICE_ONLINE_GB_MONTH, nearline: e.CUTAWAY_PRICE_NEARLINE_GB_MONTH, archive: e.CUTAWAY_PRICE_ARCHIVE_GB_MONTH,
            restoreNearline: e.CUTAWAY_PRICE_RESTORE_NEARLINE_GB, restoreArchive: e.CUTAWAY_PRICE_RESTORE_ARCHIVE_GB,
          }).filter(([, v]) => v !== undefined),
        ),
      ),
    }),
  });
}

/** Resolves `auto` choices and checks that what a choice needs is configured. */
function aiConfig(e: z.infer<typeof EnvSchema>): AiConfig {
  const problems: string[] = [];
  const openai = e.CUTAWAY_AI_BASE_URL
    ? {
        baseUrl: e.CUTAWAY_AI_BASE_URL,
        apiKey: e.CUTAWAY_AI_API_KEY,
        timeoutMs: e.CUTAWAY_AI_TIMEOUT_MS,
        ...(e.CUTAWAY_AI_SPEECH_MODEL ? { speechModel: e.CUTAWAY_AI_SPEECH_MODEL } : {}),
        ...(e.CUTAWAY_AI_CHAT_MODEL ? { chatModel: e.CUTAWAY_AI_CHAT_MODEL } : {}),
        ...(e.CUTAWAY_AI_EMBEDDING_MODEL ? { embeddingModel: e.CUTAWAY_AI_EMBEDDING_MODEL } : {}),
        ...(e.CUTAWAY_AI_EMBEDDING_DIMENSIONS ? { embeddingDimensions: e.CUTAWAY_AI_EMBEDDING_DIMENSIONS } : {}),
      }
    : null;
  const whisperCpp = e.CUTAWAY_WHISPER_CPP_BIN && e.CUTAWAY_WHISPER_CPP_MODEL ? { binPath: e.CUTAWAY_WHISPER_CPP_BIN, modelPath: e.CUTAWAY_WHISPER_CPP_MODEL } : null;
  if (Boolean(e.CUTAWAY_WHISPER_CPP_BIN) !== Boolean(e.CUTAWAY_WHISPER_CPP_MODEL)) problems.push('CUTAWAY_WHISPER_CPP_BIN and CUTAWAY_WHISPER_CPP_MODEL go together');
  const speech = e.CUTAWAY_ENRICH_SPEECH === 'auto' ? (whisperCpp ? 'whisper-cpp' : openai?.speechModel ? 'openai' : 'local') : e.CUTAWAY_ENRICH_SPEECH;
  if (speech === 'openai' && !openai?.speechModel) problems.push('CUTAWAY_ENRICH_SPEECH=openai needs CUTAWAY_AI_BASE_URL and CUTAWAY_AI_SPEECH_MODEL');
  if (speech === 'whisper-cpp' && !whisperCpp) problems.push('CUTAWAY_ENRICH_SPEECH=whisper-cpp needs CUTAWAY_WHISPER_CPP_BIN and CUTAWAY_WHISPER_CPP_MODEL');
  const embeddings = e.CUTAWAY_ENRICH_EMBEDDINGS === 'auto' ? (openai?.embeddingModel ? 'openai' : 'local') : e.CUTAWAY_ENRICH_EMBEDDINGS;
  if (embeddings === 'openai' && !(openai?.embeddingModel && openai.embeddingDimensions)) problems.push('CUTAWAY_ENRICH_EMBEDDINGS=openai needs CUTAWAY_AI_EMBEDDING_MODEL and CUTAWAY_AI_EMBEDDING_DIMENSIONS');
  const insights = e.CUTAWAY_ENRICH_INSIGHTS === 'auto' ? (openai?.chatModel ? 'openai' : 'off') : e.CUTAWAY_ENRICH_INSIGHTS;
  if (insights === 'openai' && !openai?.chatModel) problems.push('CUTAWAY_ENRICH_INSIGHTS=openai needs CUTAWAY_AI_CHAT_MODEL');
  if (problems.length) throw new AppError('config.invalid', `Invalid configuration: ${problems.join('; ')}`, problems);
  return {
    enabled: e.CUTAWAY_ENRICH === 'on',
    speech, ocr: e.CUTAWAY_ENRICH_OCR, embeddings, insights,
    semanticMinScore: e.CUTAWAY_SEMANTIC_MIN_SCORE,
    tesseractPath: e.CUTAWAY_TESSERACT_PATH,
    pocketsphinxPath: e.CUTAWAY_POCKETSPHINX_PATH,
    openai, whisperCpp,
    phonetic: e.CUTAWAY_ENRICH_PHONETIC === 'on' && speech !== 'off' ? { dictPath: e.CUTAWAY_CMUDICT_PATH, espeakPath: e.CUTAWAY_ESPEAK_PATH } : null,
    vision: { enabled: e.CUTAWAY_VISION === 'on', threads: e.CUTAWAY_VISION_THREADS, grouping: e.CUTAWAY_FACE_GROUPING === 'on', threshold: e.CUTAWAY_FACE_MATCH_THRESHOLD },
  };
}

/** CORS origins must be exact `scheme://host[:port]` (no wildcard, no path): nothing is open by default. */
function webConfig(e: z.infer<typeof EnvSchema>): WebConfig {
  const problems: string[] = [];
  const corsOrigins = e.CUTAWAY_CORS_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const o of corsOrigins) if (!/^https?:\/\/[^/*\s]+$/.test(o)) problems.push(`CUTAWAY_CORS_ORIGINS: "${o}" is not an origin like https://host:port`);
  if (Boolean(e.CUTAWAY_TLS_CERT) !== Boolean(e.CUTAWAY_TLS_KEY)) problems.push('CUTAWAY_TLS_CERT and CUTAWAY_TLS_KEY go together');
  if (problems.length) throw new AppError('config.invalid', `Invalid configuration: ${problems.join('; ')}`, problems);
  return {
    corsOrigins: Object.freeze(corsOrigins),
    tls: e.CUTAWAY_TLS_CERT && e.CUTAWAY_TLS_KEY ? { certPath: e.CUTAWAY_TLS_CERT, keyPath: e.CUTAWAY_TLS_KEY } : null,
    console: e.CUTAWAY_CONSOLE,
    consoleDir: e.CUTAWAY_CONSOLE_DIR,
  };
}
