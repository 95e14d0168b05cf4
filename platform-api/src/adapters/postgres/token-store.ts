import { TokenInfoSchema, type Role, type TokenInfo } from '@cutaway/shared';
import type { TokenStore } from '../../ports/token-store';
import type { PgPool } from './database';

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  kind: string | null;
}

/** Only the columns TokenInfo needs: the hash never leaves the database. */
const COLUMNS = 't.id, t.name, t.role, t.created_at, t.last_used_at, t.revoked_at, k.kind';
/** Issue 16: the kind sits in its own table (migration 800). */
const FROM = 'api_tokens t LEFT JOIN token_kinds k ON k.token_id = t.id';

/**
 * timestamptz comes back as a Date; it is rendered as UTC ISO with milliseconds, which is what
 * the Clock produces, so tokens read back exactly as written (a non-UTC offset would come back
 * as the same instant in UTC).
 */
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const toInfo = (r: TokenRow): TokenInfo =>
  TokenInfoSchema.parse({ id: r.id, name: r.name, role: r.role, createdAt: iso(r.created_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at), ...(r.kind === 'agent' ? { kind: 'agent' } : {}) });

/** API tokens on PostgreSQL; the twin of SqliteTokenStore, held to the same contract suite. */
export class PgTokenStore implements TokenStore {
  constructor(private readonly pool: PgPool) {}

  async create(info: TokenInfo, hash: string): Promise<void> {
    await this.pool.query('INSERT INTO api_tokens (id, name, role, hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      info.id,
      info.name,
      info.role,
      hash,
      info.createdAt,
    ]);
    if (info.kind === 'agent') await this.pool.query('INSERT INTO token_kinds (token_id, kind) VALUES ($1, $2)', [info.id, 'agent']);
  }

  async findByHash(hash: string): Promise<TokenInfo | null> {
    const { rows } = await this.pool.query<TokenRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.hash = $1 AND t.revoked_at IS NULL`, [hash]);
    return rows[0] ? toInfo(rows[0]) : null;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }

  async list(): Promise<TokenInfo[]> {
    // `id` breaks ties so tokens created in the same millisecond list in a stable order.
    const { rows } = await this.pool.query<TokenRow>(`SELECT ${COLUMNS} FROM ${FROM} ORDER BY t.created_at, t.id`);
    return rows.map(toInfo);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
    return (rowCount ?? 0) > 0;
  }

  async count(): Promise<number> {
    // count(*) is bigint, which pg returns as a string; the cast keeps it a number.
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE revoked_at IS NULL');
    return rows[0]?.n ?? 0;
  }
}
