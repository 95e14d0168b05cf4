import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { TokenService, hashToken } from '../../src/services/token-service';
import { serviceFixture } from './fixture';

describe('TokenService', () => {
  let fx: Awaited<ReturnType<typeof serviceFixture>>;
  let svc: TokenService;
  beforeEach(async () => {
    fx = await serviceFixture();
    svc = new TokenService({ tokens: fx.tokens, clock: fx.clock, ids: fx.ids });
  });
  afterEach(async () => fx.close());

  it('generates an admin token once, at the first start only', async () => {
    const first = await svc.bootstrapAdmin(undefined);
    expect(first).toMatch(/^cw_[A-Za-z0-9_-]{43}$/);
    expect(await svc.bootstrapAdmin(undefined)).toBeNull();
    expect((await svc.authenticate(first!)).role).toBe('admin');
  });

  it('registers CUTAWAY_ADMIN_TOKEN without printing it, idempotently', async () => {
    expect(await svc.bootstrapAdmin('a-long-operator-chosen-secret')).toBeNull();
    expect(await svc.bootstrapAdmin('a-long-operator-chosen-secret')).toBeNull();
    expect(await svc.list()).toHaveLength(1);
    expect((await svc.authenticate('a-long-operator-chosen-secret')).role).toBe('admin');
  });

  it('stores only the hash and refuses revoked tokens', async () => {
    const t = await svc.create('ingest robot', 'editor');
    const raw = fx.db.prepare('SELECT hash FROM api_tokens WHERE id = ?').pluck().get(t.id);
    expect(raw).toBe(hashToken(t.token));
    expect(JSON.stringify(fx.db.prepare('SELECT * FROM api_tokens').all())).not.toContain(t.token);
    await svc.revoke(t.id);
    await expect(svc.authenticate(t.token)).rejects.toSatisfy((e) => isAppError(e, 'auth.invalid_token'));
    await expect(svc.revoke(t.id)).rejects.toSatisfy((e) => isAppError(e, 'token.not_found'));
  });

  describe('lastUsedAt bookkeeping (issue 7)', () => {
    let now = Date.parse('2026-01-05T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const lastUsed = (id: string) => fx.db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(id);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    /** The write is fire-and-forget: wait for it (bounded) instead of guessing how long a busy disk takes. */
    const settleOn = async (done: () => boolean) => {
      for (let i = 0; i < 250 && !done(); i++) await settle();
      expect(done()).toBe(true);
    };

    it('writes lastUsedAt at most once a minute per token', async () => {
      const timed = new TokenService({ tokens: fx.tokens, clock, ids: fx.ids });
      const t = await timed.create('panel', 'editor');
      await timed.authenticate(t.token);
      await settleOn(() => lastUsed(t.id) === '2026-01-05T10:00:00.000Z');
      now += 30_000;
      await timed.authenticate(t.token);
      await settle();
      expect(lastUsed(t.id)).toBe('2026-01-05T10:00:00.000Z');
      now += 31_000;
      await timed.authenticate(t.token);
      await settleOn(() => lastUsed(t.id) === '2026-01-05T10:01:01.000Z');
    });

    it('a failing lastUsedAt write is reported, not thrown, and authentication still succeeds', async () => {
      const errors: string[] = [];
      const timed = new TokenService({ tokens: fx.tokens, clock, ids: fx.ids, onError: (_err, what) => errors.push(what) });
      const t = await timed.create('panel', 'editor');
      // A real SQLite failure on exactly that write (as a locked or full database would give).
      fx.db.exec(`CREATE TRIGGER fail_touch BEFORE UPDATE OF last_used_at ON api_tokens BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
      expect((await timed.authenticate(t.token)).id).toBe(t.id);
      await settleOn(() => errors.length > 0);
      expect(errors).toEqual(['token lastUsedAt write failed']);
      expect(lastUsed(t.id)).toBeNull();
    });
  });
});
