import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@cutaway/shared';

/** AES-256-GCM for tokens and webhook secrets at rest: a stolen state file alone reveals nothing. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new AppError('config.invalid', 'CUTAWAY_FRAMEIO_SECRET_KEY must be 32 bytes (base64 or hex)');
  }

  /** The configured key, else `<state dir>/secret.key` (created 0600 on first start). */
  static open(configured: string | undefined, stateDir: string): SecretBox {
    if (configured) return new SecretBox(decodeKey(configured));
    const path = join(stateDir, 'secret.key');
    if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    return new SecretBox(decodeKey(readFileSync(path, 'utf8').trim()));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), data.toString('base64')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, data] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new AppError('config.invalid', 'Stored secret has an unknown format');
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8');
    } catch (cause) {
      throw new AppError('config.invalid', 'Stored secret cannot be decrypted: was CUTAWAY_FRAMEIO_SECRET_KEY changed?', undefined, { cause });
    }
  }
}

function decodeKey(text: string): Buffer {
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}
