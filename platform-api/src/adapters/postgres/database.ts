import pg from 'pg';

/** One schema change for PostgreSQL; same id ranges as SQLite (catalog 100s, search 200s, queue 300s, enrichment 400s). */
export interface PgMigration {
  id: number;
  name: string;
  up: string;
}

export type PgPool = pg.Pool;

/**
 * A pool bound to one schema. Every connection sets search_path, so tests can give each
 * suite its own schema in the shared `test` database and run side by side.
 */
export function openPostgres(url: string, options: { schema?: string; max?: number } = {}): PgPool {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  // search_path as a startup option: set before the first query, on every connection the pool opens.
  return new pg.Pool({ connectionString: url, max: options.max ?? 10, ...(schema ? { options: `-c search_path=${schema},public` } : {}) });
}

/**
 * Applies the not-yet-applied migrations in id order in one transaction, holding an advisory
 * lock so several API and worker processes starting together migrate exactly once.
 */
export async function migratePostgres(pool: PgPool, migrations: readonly PgMigration[], schema?: string): Promise<void> {
  const client = await pool.connect();
  try {
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET search_path TO ${schema}, public`);
    }
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':cutaway-migrations'))");
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const applied = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (applied.has(m.id)) continue;
      await client.query(m.up);
      await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
