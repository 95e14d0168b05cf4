import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from './ports/clock';

export const systemClock: Clock = { now: () => new Date() };

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32: ASCII order = value order

/** 16 random bytes as 25 base32 characters (the last 3 bits are dropped). */
function randomTail(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The next base32 string of the same length, or null when every character is already the last one. */
function increment(tail: string): string | null {
  const chars = tail.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(chars[i]!);
    if (v < 31) {
      chars[i] = ALPHABET[v + 1]!;
      return chars.join('');
    }
    chars[i] = '0';
  }
  return null;
}

let lastMs = 0;
let lastTail = '';

/**
 * Ids are a millisecond time part (base36) and 25 random base32 characters: URL- and file-name-safe, and
 * case-insensitive file systems cannot collide them. Within one process they also strictly increase (the
 * ULID spec's monotonic rule: a second id in the same millisecond is the previous one plus one), so lists
 * ordered by (time, id) — the audit trail, jobs — show same-millisecond entries in the order they were made.
 * Across processes sharing a database, same-millisecond order stays arbitrary.
 */
export const randomIds: IdGenerator = {
  newId(): string {
    const now = Date.now();
    // A clock stepped back keeps the last time part: ids keep increasing.
    const next = now > lastMs ? null : increment(lastTail);
    if (next === null) {
      lastMs = Math.max(now, lastMs + (lastTail ? 1 : 0));
      lastTail = randomTail();
    } else {
      lastTail = next;
    }
    return lastMs.toString(36) + lastTail;
  },
};
