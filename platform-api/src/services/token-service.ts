import { createHash, randomBytes } from 'node:crypto';
import { AppError, type Role, type TokenCreated, type TokenInfo } from '@cutaway/shared';
import type { Clock, IdGenerator } from '../ports/clock';
import type { TokenStore } from '../ports/token-store';

/** 32 random bytes: guessing is hopeless, so a fast hash (not bcrypt) is the right tool for lookup. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export { roleAllows } from '@cutaway/shared';

/** `lastUsedAt` is for humans spotting stale tokens: minute precision is plenty, and it spares a write per request. */
export const TOUCH_INTERVAL_MS = 60_000;

export class TokenService {
  /** When each token's lastUsedAt was last written by this process. */
  private readonly touched = new Map<string, number>();
  private readonly revokedListeners = new Set<(id: string) => void>();

  constructor(private readonly deps: { tokens: TokenStore; clock: Clock; ids: IdGenerator; onError?: (err: unknown, what: string) => void }) {}

  async create(name: string, role: Role, secret = `cw_${randomBytes(32).toString('base64url')}`, kind: 'person' | 'agent' = 'person'): Promise<TokenCreated> {
    // An agent token's plain HTTP surface is read-only (viewer); its writes go through the scoped tools (issue 16).
    const info: TokenInfo = {
      id: this.deps.ids.newId(), name, role: kind === 'agent' ? 'viewer' : role, createdAt: this.deps.clock.now().toISOString(), lastUsedAt: null, revokedAt: null,
      ...(kind === 'agent' ? { kind } : {}),
    };
    await this.deps.tokens.create(info, hashToken(secret));
    return { ...info, token: secret };
  }

  /** The caller's identity, or auth.invalid_token. */
  async authenticate(secret: string): Promise<TokenInfo> {
    // Lookup by the hash's equality is safe from timing attacks: the attacker does not control the hash.
    const info = await this.deps.tokens.findByHash(hashToken(secret));
    if (!info) {
      throw new AppError('auth.invalid_token', 'The token is unknown or revoked');
    }
    this.touch(info.id);
    return info;
  }

  /**
   * Bookkeeping, never on the request's path: at most one write per token a minute, and a failed write
   * (locked or full database) is reported, not thrown — an unhandled rejection here used to exit Node.
   */
  private touch(id: string): void {
    const now = this.deps.clock.now();
    const last = this.touched.get(id);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now.getTime());
    if (this.touched.size > 10_000) this.touched.clear(); // bounded: forgetting only costs one extra write
    this.deps.tokens.touch(id, now.toISOString()).catch((err: unknown) => this.deps.onError?.(err, 'token lastUsedAt write failed'));
  }

  list(): Promise<TokenInfo[]> {
    return this.deps.tokens.list();
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.deps.tokens.revoke(id, this.deps.clock.now().toISOString()))) {
      throw new AppError('token.not_found', `No live token ${id}`, { id });
    }
    this.touched.delete(id);
    for (const listener of this.revokedListeners) {
      try {
        listener(id);
      } catch (err) {
        this.deps.onError?.(err, 'revocation listener failed');
      }
    }
  }

  /** Called with the id of each token revoked through this process (its open sockets must close at once). */
  onRevoked(listener: (id: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Which of these ids are no longer live: revoked here or by another process sharing the catalog. */
  async notLive(ids: Iterable<string>): Promise<Set<string>> {
    const live = new Set((await this.deps.tokens.list()).filter((t) => !t.revokedAt).map((t) => t.id));
    return new Set([...ids].filter((id) => !live.has(id)));
  }

  /**
   * First start: an admin token from CUTAWAY_ADMIN_TOKEN (registered if new), or a generated one
   * when no token exists yet. Returns the secret only when it was generated now, so main can print it once.
   */
  async bootstrapAdmin(fromEnv: string | undefined): Promise<string | null> {
    if (fromEnv) {
      if (!(await this.deps.tokens.findByHash(hashToken(fromEnv)))) await this.create('admin (CUTAWAY_ADMIN_TOKEN)', 'admin', fromEnv);
      return null;
    }
    if ((await this.deps.tokens.count()) > 0) return null;
    return (await this.create('admin (generated at first start)', 'admin')).token;
  }
}
