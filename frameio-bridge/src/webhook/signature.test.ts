import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { signWebhook, verifyWebhook } from './signature';

const SECRET = 'whsec-test-1';
const NOW = 1_765_000_000;
const body = Buffer.from('{"account":{"id":"a"},"project":{"id":"p"},"resource":{"id":"c1","type":"comment"},"type":"comment.created","user":{"id":"u"},"workspace":{"id":"w"}}');
const sig = (ts: number, b = body, secret = SECRET) => signWebhook(secret, String(ts), b);
const code = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
};

describe('Frame.io webhook signature (docs/frameio.md §2.4)', () => {
  it('is v0= + lowercase hex HMAC-SHA256 of "v0:<ts>:<raw body>", computed independently', () => {
    const expected = createHmac('sha256', SECRET).update(`v0:${NOW}:${body.toString('utf8')}`).digest('hex');
    expect(sig(NOW)).toBe(`v0=${expected}`);
  });

  it('accepts a valid delivery, also signed with an older secret still in the list, and UTF-8 bodies byte for byte', () => {
    expect(code(() => verifyWebhook({ timestamp: String(NOW), signature: sig(NOW), rawBody: body }, [SECRET], NOW))).toBe('ok');
    expect(code(() => verifyWebhook({ timestamp: String(NOW), signature: sig(NOW, body, 'old'), rawBody: body }, [SECRET, 'old'], NOW))).toBe('ok');
    const utf8 = Buffer.from('{"type":"comment.created","text":"Zoë — 日本語 ✓"}');
    expect(code(() => verifyWebhook({ timestamp: String(NOW), signature: sig(NOW, utf8), rawBody: utf8 }, [SECRET], NOW))).toBe('ok');
  });

  it('refuses tampered, re-serialised, wrongly keyed, uppercase and prefix-less signatures', () => {
    const tampered = Buffer.from(body.toString().replace('c1', 'c2'));
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    const check = (signature: string | undefined, raw = body) => code(() => verifyWebhook({ timestamp: String(NOW), signature, rawBody: raw }, [SECRET], NOW));
    expect(check(sig(NOW), tampered)).toBe('webhook.signature_invalid');
    expect(check(sig(NOW), reserialised)).toBe('webhook.signature_invalid');
    expect(check(sig(NOW, body, 'wrong'))).toBe('webhook.signature_invalid');
    expect(check(sig(NOW).toUpperCase().replace('V0=', 'v0='))).toBe('webhook.signature_invalid');
    expect(check(sig(NOW).slice(3))).toBe('webhook.signature_invalid');
    expect(check(undefined)).toBe('webhook.signature_invalid');
    // The signature must cover the timestamp header as sent: a valid signature under another timestamp fails.
    expect(code(() => verifyWebhook({ timestamp: String(NOW - 1), signature: sig(NOW), rawBody: body }, [SECRET], NOW))).toBe('webhook.signature_invalid');
  });

  it('allows 5 minutes of skew both ways and no more', () => {
    const at = (ts: number) => code(() => verifyWebhook({ timestamp: String(ts), signature: sig(ts), rawBody: body }, [SECRET], NOW));
    expect(at(NOW - 300)).toBe('ok');
    expect(at(NOW + 300)).toBe('ok');
    expect(at(NOW - 301)).toBe('webhook.stale');
    expect(at(NOW + 301)).toBe('webhook.stale');
  });
});
