import { z } from 'zod';
import { AppError } from '@cutaway/shared';

/**
 * The only reader of process.env (ARCHITECTURE.md "Config"). Defaults make
 * `npm start` work with zero configuration: SQLite and media under ./data.
 */
const EnvSchema = z.object({
  CUTAWAY_API_HOST: z.string().default('127.0.0.1'),
  CUTAWAY_API_PORT: z.coerce.number().int().min(0).max(65535).default(8750),
  CUTAWAY_DATA_DIR: z.string().default('./data'),
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
});

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminToken: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['CUTAWAY_LOG_LEVEL'];
  readonly maxUploadBytes: number;
  readonly workerConcurrency: number;
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  readonly jobLeaseMs: number;
}

/** Parses the environment; fails listing every bad key at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('config.invalid', `Invalid configuration: ${keys.join('; ')}`, keys);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.CUTAWAY_API_HOST,
    port: e.CUTAWAY_API_PORT,
    dataDir: e.CUTAWAY_DATA_DIR,
    adminToken: e.CUTAWAY_ADMIN_TOKEN,
    logLevel: e.CUTAWAY_LOG_LEVEL,
    maxUploadBytes: e.CUTAWAY_MAX_UPLOAD_BYTES,
    workerConcurrency: e.CUTAWAY_WORKER_CONCURRENCY,
    ffmpegPath: e.CUTAWAY_FFMPEG_PATH,
    ffprobePath: e.CUTAWAY_FFPROBE_PATH,
    jobLeaseMs: e.CUTAWAY_JOB_LEASE_MS,
  });
}
