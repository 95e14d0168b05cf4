import { randomBytes } from 'node:crypto';
import { migratePostgres, openPostgres, type PgMigration, type PgPool } from '../src/adapters/postgres/database';

/**
 * The PostgreSQL contract suites run whenever CUTAWAY_TEST_DATABASE_URL is set (CI sets it and
 * fails if the server is unreachable). Unset locally, they are skipped with this reason printed.
 */
export const PG_URL = process.env.CUTAWAY_TEST_DATABASE_URL;
export const PG_SKIP_REASON = 'CUTAWAY_TEST_DATABASE_URL is not set: PostgreSQL suites skipped (CI sets it)';
if (!PG_URL) console.warn(PG_SKIP_REASON);

/** A fresh schema per suite in the shared test database; `drop` removes it and closes the pool. */
export async function tempPgSchema(migrations: readonly PgMigration[], options: { max?: number } = {}): Promise<{ pool: PgPool; schema: string; url: string; drop: () => Promise<void> }> {
  if (!PG_URL) throw new Error(PG_SKIP_REASON);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const pool = openPostgres(PG_URL, { schema, max: options.max ?? 5 });
  await migratePostgres(pool, migrations, schema);
  return {
    pool,
    schema,
    url: PG_URL,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
