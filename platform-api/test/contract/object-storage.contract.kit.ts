import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Bodies and helpers for the ObjectStorage contract. */

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
export const bytes = (n: number, seed = 0): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));
export const body = (data: Buffer, chunk = 1000): Readable =>
  Readable.from(Array.from({ length: Math.ceil(data.length / chunk) }, (_, i) => data.subarray(i * chunk, (i + 1) * chunk)));
export const readAll = async (stream: Readable): Promise<Buffer> => Buffer.concat(await stream.toArray());

/** Sends `chunks` chunks, then fails like a reset socket ('error') or a client that hung up (destroyed, no error). */
export function brokenSource(chunks: number, how: 'error' | 'destroy'): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < chunks) this.push(Buffer.alloc(16 * 1024, sent++));
      else setImmediate(() => (how === 'error' ? this.destroy(new Error('socket reset')) : this.destroy()));
    },
  });
}

/** A generated body of `total` bytes whose hash is known once it has been consumed; never held in memory. */
export function generatedSource(total: number, chunk = 1 << 20): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const buf = Buffer.alloc(Math.min(chunk, total - sent), (sent / chunk) & 0xff);
      buf.writeUInt32BE(sent, 0);
      hash.update(buf);
      sent += buf.length;
      this.push(buf);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

export const INVALID_KEYS = ['', '../x', '/abs', 'a//b', 'a/../b', 'a/./b', 'a/', 'a\u0000b', 'a\\b', 'x'.repeat(1000)];
