import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { PG_SKIP_REASON, PG_URL } from '../pg';
import { S3_ENGINE, S3_SKIP_REASON, tempBucket, type TestBucket } from '../s3/s3-engine';

/** A backend for the end-to-end suites: the embedded default, or PostgreSQL + S3 (issue 3 "Done when"). */
export interface EngineSetup {
  name: string;
  skip: boolean;
  /** Why it is skipped, when it is. */
  skipReason?: string;
  start(dataDir: string): Promise<{ env: Record<string, string>; storedFiles: (assetId: string) => Promise<string[]>; stop: () => Promise<void> }>;
}

/** The environment that points a platform-api process at PostgreSQL (one schema) and a bucket on the test S3 engine. */
export function scaleOutEnv(bucket: TestBucket, schema: string): Record<string, string> {
  return {
    CUTAWAY_DATABASE_URL: PG_URL!,
    CUTAWAY_DATABASE_SCHEMA: schema,
    CUTAWAY_STORAGE: 's3',
    CUTAWAY_S3_ENDPOINT: bucket.engine.endpoint,
    CUTAWAY_S3_REGION: bucket.engine.region,
    CUTAWAY_S3_BUCKET: bucket.bucket,
    CUTAWAY_S3_FORCE_PATH_STYLE: 'true',
    CUTAWAY_S3_ACCESS_KEY_ID: bucket.engine.accessKeyId,
    CUTAWAY_S3_SECRET_ACCESS_KEY: bucket.engine.secretAccessKey,
  };
}

/** Scale-out e2e needs both PostgreSQL and a real S3 engine. */
export const SCALE_OUT_SKIP_REASON = !PG_URL ? PG_SKIP_REASON : !S3_ENGINE ? S3_SKIP_REASON : undefined;

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

export const ENGINES: EngineSetup[] = [
  {
    name: 'embedded (SQLite + local disk)',
    skip: false,
    start: async (dataDir) => ({
      env: {},
      storedFiles: async (id) => (await readdir(`${dataDir}/media/assets/${id}`, { recursive: true }).catch(() => [])).map(String),
      stop: async () => undefined,
    }),
  },
  {
    name: `scale-out (PostgreSQL + S3 on ${S3_ENGINE?.name ?? 'no engine'})`,
    skip: SCALE_OUT_SKIP_REASON !== undefined,
    skipReason: SCALE_OUT_SKIP_REASON,
    async start() {
      const bucket = await tempBucket('e2e');
      const schema = `e2e_${randomBytes(5).toString('hex')}`;
      return {
        env: scaleOutEnv(bucket, schema),
        storedFiles: async (id) => (await bucket.leftovers('assets')).filter((k) => k.startsWith(`${id}/`)),
        async stop() {
          await bucket.close();
          await dropSchema(schema);
        },
      };
    },
  },
];
