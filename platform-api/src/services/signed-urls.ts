import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@cutaway/shared';
import type { Clock } from '../ports/clock';

/**
 * Signed, expiring URLs: a playout server, an NRCS or an HLS player fetches media without a
 * bearer header (MOS 2.8.5 §6 objPath/objProxyPath "must fetch the file directly").
 *
 * Shape: `/s/<token>/<path>` under /api/v1, token = `<expires>.<depth>.<sig>`:
 * - expires: unix seconds; past it the URL is refused (`url.expired`);
 * - depth: how many leading segments of <path> the signature covers. Equal to the number of
 *   segments = exactly this file; fewer = every path under that prefix, so an HLS playlist's
 *   relative segment URLs (`seg-001.ts` next to `index.m3u8`) stay valid without re-signing;
 * - sig: base64url HMAC-SHA256 over `v1\n<expires>\n<depth>\n<scope>`.
 * The signature sits in the path, not the query, so the URL still ends in the real file name with
 * its extension, as MOS 2.8.5 requires of objPaths.
 */
export interface SignOptions {
  /** Lifetime; clamped to the configured maximum. */
  ttlSeconds?: number;
  /** Grant every path under the directory `path` ends in (`/live/ch1/index.m3u8` → `/live/ch1/…`). */
  prefix?: boolean;
}

export interface SignedPath {
  /** Append to the API root (`…/api/v1`): `/s/<token>/<path>`. */
  path: string;
  expiresAt: string;
}

export interface VerifiedPath {
  /** The granted path under /api/v1 (what the request may read), with a leading slash. */
  path: string;
  expiresAt: Date;
}

export interface SignedUrlConfig {
  /** At least 32 bytes of secret; every API process of a deployment must share it. */
  secret: Uint8Array;
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
}

const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/;

export class SignedUrlService {
  constructor(private readonly deps: { config: SignedUrlConfig; clock: Clock }) {
    if (deps.config.secret.byteLength < 32) throw new AppError('config.invalid', 'The URL signing secret must be at least 32 bytes');
  }

  /** Signs `path` (under /api/v1, e.g. `/assets/abc/proxy/clip.mp4`; segments already URL-encoded). */
  sign(path: string, options: SignOptions = {}): SignedPath {
    const segments = splitPath(path);
    const { defaultTtlSeconds, maxTtlSeconds } = this.deps.config;
    const ttl = Math.max(1, Math.min(options.ttlSeconds ?? defaultTtlSeconds, maxTtlSeconds));
    const expires = Math.floor(this.deps.clock.now().getTime() / 1000) + ttl;
    const depth = options.prefix ? segments.length - 1 : segments.length;
    const token = `${expires}.${depth}.${this.mac(expires, depth, segments)}`;
    return { path: `/s/${token}/${segments.join('/')}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** Checks a token against the requested path; throws `url.signature_invalid` or `url.expired`. */
  verify(token: string, path: string): VerifiedPath {
    const m = /^(\d{1,12})\.(\d{1,3})\.([A-Za-z0-9_-]{43})$/.exec(token);
    const invalid = () => new AppError('url.signature_invalid', 'This link is not valid (bad or tampered signature)');
    if (!m) throw invalid();
    let segments: string[];
    try {
      segments = splitPath(path);
    } catch {
      throw invalid();
    }
    const expires = Number(m[1]);
    const depth = Number(m[2]);
    if (depth > segments.length || depth < 1) throw invalid();
    const expected = Buffer.from(this.mac(expires, depth, segments));
    const given = Buffer.from(m[3]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    // Checked after the signature, so an expiry can only be reported for a URL we really issued.
    if (expires * 1000 <= this.deps.clock.now().getTime()) {
      throw new AppError('url.expired', 'This link has expired; ask for a new one', { expiredAt: new Date(expires * 1000).toISOString() });
    }
    return { path: `/${segments.join('/')}`, expiresAt: new Date(expires * 1000) };
  }

  private mac(expires: number, depth: number, segments: readonly string[]): string {
    const scope = segments.slice(0, depth).join('/') + (depth < segments.length ? '/' : '');
    return createHmac('sha256', this.deps.config.secret).update(`v1\n${expires}\n${depth}\n/${scope}`).digest('base64url');
  }
}

/** `/a/b/c` → ['a','b','c']; refuses empty, dot and unencoded segments so one URL has one meaning. */
function splitPath(path: string): string[] {
  const segments = path.replace(/^\//, '').split('/');
  for (const s of segments) {
    if (!SEGMENT.test(s) || s === '.' || s === '..') throw new AppError('request.invalid', `Cannot sign path ${JSON.stringify(path)}`);
  }
  return segments;
}
