import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenInfo } from '@cutaway/shared';
import type { TokenStore } from '../../src/ports/token-store';

let n = 0;
/** A valid token; `createdAt` a second apart so list order is deterministic. Times are Clock-shaped (UTC, ms). */
export function makeToken(over: Partial<TokenInfo> = {}): TokenInfo {
  n += 1;
  return {
    id: `token${String(n).padStart(6, '0')}`,
    name: `Token ${n}`,
    role: 'editor',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    ...over,
  };
}

const hash = (info: TokenInfo) => `hash-of-${info.id}`;

/** What every TokenStore adapter (SQLite, PostgreSQL) must do. */
export function runTokenStoreContract(label: string, make: () => Promise<{ store: TokenStore; close: () => Promise<void> }>) {
  describe(`TokenStore contract: ${label}`, () => {
    let store: TokenStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('finds a live token by hash and reads it back exactly', async () => {
      const t = makeToken({ role: 'admin' });
      await store.create(t, hash(t));
      expect(await store.findByHash(hash(t))).toEqual(t);
      expect(await store.findByHash('unknown-hash')).toBeNull();
    });

    it('keeps an agent token\'s kind (issue 16) and leaves people\'s tokens without one', async () => {
      const agent = makeToken({ role: 'viewer', kind: 'agent' });
      const person = makeToken();
      await store.create(agent, hash(agent));
      await store.create(person, hash(person));
      expect(await store.findByHash(hash(agent))).toEqual(agent);
      expect((await store.findByHash(hash(person)))?.kind).toBeUndefined();
      expect((await store.list()).map((t) => t.kind ?? 'person')).toEqual(['agent', 'person']);
    });

    it('rejects a second token with the same hash', async () => {
      const [a, b] = [makeToken(), makeToken()];
      await store.create(a, 'same-hash');
      await expect(store.create(b, 'same-hash')).rejects.toThrow();
      expect(await store.count()).toBe(1);
    });

    it('touch records the last use', async () => {
      const t = makeToken();
      await store.create(t, hash(t));
      const at = '2026-02-03T04:05:06.789Z';
      await store.touch(t.id, at);
      expect((await store.findByHash(hash(t)))?.lastUsedAt).toBe(at);
      await store.touch('missing000', at); // a token revoked meanwhile: no error
    });

    it('lists every token, revoked ones included, oldest first', async () => {
      const made = [makeToken(), makeToken({ role: 'viewer' }), makeToken()];
      for (const t of [made[2]!, made[0]!, made[1]!]) await store.create(t, hash(t));
      await store.revoke(made[1]!.id, '2026-03-01T00:00:00.000Z');
      const listed = await store.list();
      expect(listed.map((t) => t.id)).toEqual(made.map((t) => t.id));
      expect(listed[1]).toEqual({ ...made[1], revokedAt: '2026-03-01T00:00:00.000Z' });
    });

    it('revokes once; a revoked token is no longer found or counted', async () => {
      const [a, b] = [makeToken(), makeToken()];
      await store.create(a, hash(a));
      await store.create(b, hash(b));
      expect(await store.count()).toBe(2);
      expect(await store.revoke(a.id, '2026-03-01T00:00:00.000Z')).toBe(true);
      expect(await store.revoke(a.id, '2026-03-02T00:00:00.000Z')).toBe(false);
      expect(await store.revoke('missing000', '2026-03-02T00:00:00.000Z')).toBe(false);
      expect(await store.findByHash(hash(a))).toBeNull();
      expect(await store.count()).toBe(1);
      expect((await store.list()).find((t) => t.id === a.id)?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
    });
  });
}
