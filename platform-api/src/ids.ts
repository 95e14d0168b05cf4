import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from './ports/clock';

export const systemClock: Clock = { now: () => new Date() };

/**
 * 16 random bytes as 26 lowercase base32 characters (URL- and file-name-safe, case-insensitive
 * file systems cannot collide them), prefixed with a time part so ids sort roughly by creation.
 */
export const randomIds: IdGenerator = {
  newId(): string {
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    const bytes = randomBytes(16);
    let bits = 0;
    let value = 0;
    let out = Date.now().toString(36);
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += alphabet[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    return out;
  },
};
