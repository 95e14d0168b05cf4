import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@cutaway/shared';

/** Frame.io: "within 5 minutes"; applied both ways (docs/frameio.md §2.4), so a delivery dated in the future is refused too. */
export const MAX_SKEW_S = 300;

/** `v0=` + hex(HMAC-SHA256(secret, "v0:" + timestamp header verbatim + ":" + raw body bytes)). */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(rawBody);
  return `v0=${mac.digest('hex')}`;
}

export interface SignedDelivery {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

/**
 * Verifies a delivery on the raw bytes (re-serialised JSON never matches). Throws
 * webhook.stale for a timestamp outside ±5 min and webhook.signature_invalid otherwise;
 * compares in constant time against every known secret (rotation keeps the old one for a while).
 */
export function verifyWebhook(d: SignedDelivery, secrets: readonly string[], nowS: number): void {
  if (!d.timestamp || !/^\d{1,12}$/.test(d.timestamp)) throw new AppError('webhook.signature_invalid', 'Missing or malformed X-Frameio-Request-Timestamp');
  if (!d.signature || !/^v0=[0-9a-f]{64}$/.test(d.signature)) throw new AppError('webhook.signature_invalid', 'Missing or malformed X-Frameio-Signature');
  if (Math.abs(nowS - Number(d.timestamp)) > MAX_SKEW_S) throw new AppError('webhook.stale', 'Webhook timestamp is more than 5 minutes from now', { timestamp: d.timestamp });
  const given = Buffer.from(d.signature, 'utf8');
  const ok = secrets.some((secret) => {
    const expected = Buffer.from(signWebhook(secret, d.timestamp!, d.rawBody), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!ok) throw new AppError('webhook.signature_invalid', 'Webhook signature does not match');
}
