import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { SignedUrlService } from './signed-urls';

const secret = Buffer.alloc(32, 7);
function service(nowMs = Date.UTC(2026, 11, 6, 18, 0, 0)) {
  const clock = { t: nowMs, now: () => new Date(clock.t) };
  const s = new SignedUrlService({ config: { secret, defaultTtlSeconds: 3600, maxTtlSeconds: 7200 }, clock });
  return { s, clock };
}
const tokenOf = (signed: string) => signed.split('/')[2]!;
const pathOf = (signed: string) => `/${signed.split('/').slice(3).join('/')}`;
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : 'not-an-app-error';
  }
  return 'no-error';
};

describe('SignedUrlService', () => {
  it('signs a file path that ends in the file name and verifies it until it expires', () => {
    const { s, clock } = service();
    const signed = s.sign('/assets/abc123/proxy/HARBOR%20BRIDGE.proxy.mp4');
    expect(signed.path).toMatch(/^\/s\/\d+\.4\.[A-Za-z0-9_-]{43}\/assets\/abc123\/proxy\/HARBOR%20BRIDGE\.proxy\.mp4$/);
    expect(signed.expiresAt).toBe('2026-12-06T19:00:00.000Z');
    expect(s.verify(tokenOf(signed.path), pathOf(signed.path)).path).toBe('/assets/abc123/proxy/HARBOR%20BRIDGE.proxy.mp4');
    clock.t += 3599_000;
    expect(code(() => s.verify(tokenOf(signed.path), pathOf(signed.path)))).toBe('no-error');
    clock.t += 1000;
    expect(code(() => s.verify(tokenOf(signed.path), pathOf(signed.path)))).toBe('url.expired');
  });

  it('refuses another path, a tampered expiry or depth, and another secret', () => {
    const { s } = service();
    const signed = s.sign('/assets/abc123/original/clip.mov');
    const token = tokenOf(signed.path);
    expect(code(() => s.verify(token, '/assets/abc124/original/clip.mov'))).toBe('url.signature_invalid');
    expect(code(() => s.verify(token, '/assets/abc123/original/clip.mov/x'))).toBe('url.signature_invalid');
    const [exp, depth, sig] = token.split('.');
    expect(code(() => s.verify(`${Number(exp) + 100}.${depth}.${sig}`, pathOf(signed.path)))).toBe('url.signature_invalid');
    expect(code(() => s.verify(`${exp}.3.${sig}`, pathOf(signed.path)))).toBe('url.signature_invalid');
    expect(code(() => s.verify('garbage', pathOf(signed.path)))).toBe('url.signature_invalid');
    const other = new SignedUrlService({ config: { secret: Buffer.alloc(32, 8), defaultTtlSeconds: 60, maxTtlSeconds: 60 }, clock: { now: () => new Date(Date.UTC(2026, 11, 6, 18)) } });
    expect(code(() => other.verify(token, pathOf(signed.path)))).toBe('url.signature_invalid');
  });

  it('a prefix grant covers siblings under the same directory only (HLS segments)', () => {
    const { s } = service();
    const signed = s.sign('/live/ch1/index.m3u8', { prefix: true });
    const token = tokenOf(signed.path);
    expect(s.verify(token, '/live/ch1/seg-00042.ts').path).toBe('/live/ch1/seg-00042.ts');
    expect(code(() => s.verify(token, '/live/ch2/seg-00042.ts'))).toBe('url.signature_invalid');
    expect(code(() => s.verify(token, '/live/ch1/../ch2/x.ts'))).toBe('url.signature_invalid');
  });

  it('clamps the lifetime to the maximum and refuses unsignable paths and short secrets', () => {
    const { s } = service();
    expect(s.sign('/a/b.mp4', { ttlSeconds: 10 ** 9 }).expiresAt).toBe('2026-12-06T20:00:00.000Z');
    expect(code(() => s.sign('/a/../b.mp4'))).toBe('request.invalid');
    expect(code(() => s.sign('/a//b.mp4'))).toBe('request.invalid');
    expect(code(() => new SignedUrlService({ config: { secret: Buffer.alloc(16), defaultTtlSeconds: 1, maxTtlSeconds: 1 }, clock: { now: () => new Date() } }))).toBe('config.invalid');
  });
});
