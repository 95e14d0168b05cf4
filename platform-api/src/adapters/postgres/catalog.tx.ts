import type pg from 'pg';
import { AppError } from '@cutaway/shared';
import type { PgPool } from './database';

/**
 * Runs `fn` in one transaction on one pooled connection. A connection whose ROLLBACK fails
 * is destroyed rather than returned, so a half-open transaction never leaks to the next user.
 */
export async function withTransaction<T>(pool: PgPool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * jsonb refuses the NUL character (SQLSTATE 22P05) that SQLite's TEXT docs accept. It can only
 * come from user text, so it is the caller's fault: request.invalid rather than a 500.
 */
export function mapJsonbError(err: unknown): unknown {
  if ((err as { code?: unknown } | null)?.code === '22P05') {
    return new AppError('request.invalid', 'Text contains a character the catalog cannot store (NUL)', undefined, { cause: err });
  }
  return err;
}
