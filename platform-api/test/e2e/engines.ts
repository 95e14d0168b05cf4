import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { PG_URL } from '../pg';
import { startS3rver } from '../s3/s3rver-harness';

/** A backend for the end-to-end suites: the embedded default, or PostgreSQL + S3 (issue 3 "Done when"). */
export interface EngineSetup {
  name: string;
  skip: boolean;
  start(dataDir: string): Promise<{ env: Record<string, string>; storedFiles: (assetId: string) => Promise<string[]>; stop: () => Promise<void> }>;
}

/** The environment that points a platform-api process at PostgreSQL (one schema) and an s3rver bucket. */
export function scaleOutEnv(s3: { endpoint: string; bucket: string }, schema: string): Record<string, string> {
  return {
    CUTAWAY_DATABASE_URL: PG_URL!,
    CUTAWAY_DATABASE_SCHEMA: schema,
    CUTAWAY_STORAGE: 's3',
    CUTAWAY_S3_ENDPOINT: s3.endpoint,
    CUTAWAY_S3_BUCKET: s3.bucket,
    // s3rver accepts only this key pair (see s3rver-harness.ts).
    CUTAWAY_S3_ACCESS_KEY_ID: 'S3RVER',
    CUTAWAY_S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
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
    name: 'scale-out (PostgreSQL + S3)',
    skip: !PG_URL,
    async start() {
      const s3 = await startS3rver();
      const schema = `e2e_${randomBytes(5).toString('hex')}`;
      return {
        env: scaleOutEnv(s3, schema),
        storedFiles: async (id) => (await s3.leftovers('assets')).filter((k) => k.startsWith(`${id}/`)),
        async stop() {
          await s3.close();
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];
