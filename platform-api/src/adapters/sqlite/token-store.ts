import { TokenInfoSchema, type Role, type TokenInfo } from '@cutaway/shared';
import type { TokenStore } from '../../ports/token-store';
import type { SqliteDb } from './database';

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  kind: string | null;
}

const toInfo = (r: TokenRow): TokenInfo =>
  TokenInfoSchema.parse({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, ...(r.kind === 'agent' ? { kind: 'agent' } : {}) });

const SELECT = 'SELECT t.*, k.kind FROM api_tokens t LEFT JOIN token_kinds k ON k.token_id = t.id';

export class SqliteTokenStore implements TokenStore {
  constructor(private readonly db: SqliteDb) {}

  async create(info: TokenInfo, hash: string): Promise<void> {
    this.db
      .prepare('INSERT INTO api_tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(info.id, info.name, info.role, hash, info.createdAt);
    // Issue 16: the kind sits in its own table (migration 800), so older rows and readers are untouched.
    if (info.kind === 'agent') this.db.prepare('INSERT INTO token_kinds (token_id, kind) VALUES (?, ?)').run(info.id, 'agent');
  }

  async findByHash(hash: string): Promise<TokenInfo | null> {
    const row = this.db.prepare(`${SELECT} WHERE t.hash = ? AND t.revoked_at IS NULL`).get(hash) as TokenRow | undefined;
    return row ? toInfo(row) : null;
  }

  async touch(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  async list(): Promise<TokenInfo[]> {
    return (this.db.prepare(`${SELECT} ORDER BY t.created_at`).all() as TokenRow[]).map(toInfo);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL').pluck().get() as number;
  }
}
