import type { Role, TokenInfo } from '@cutaway/shared';

/** API tokens. Only a hash of each secret is stored. */
export interface TokenStore {
  create(info: TokenInfo, hash: string): Promise<void>;
  /** The live (not revoked) token with this hash, or null. */
  findByHash(hash: string): Promise<(TokenInfo & { role: Role }) | null>;
  touch(id: string, at: string): Promise<void>;
  list(): Promise<TokenInfo[]>;
  /** False when no live token has this id. */
  revoke(id: string, at: string): Promise<boolean>;
  count(): Promise<number>;
}
