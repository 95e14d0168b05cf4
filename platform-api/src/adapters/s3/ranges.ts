import { Readable } from 'node:stream';
import { AppError } from '@cutaway/shared';
import type { ByteRange } from '../../ports/object-storage';

export const rangeInvalid = (key: string, { start, end }: ByteRange, sizeBytes?: number): AppError =>
  new AppError('media.range_invalid', `Byte range ${start}-${end} is not within "${key}"${sizeBytes === undefined ? '' : ` (${sizeBytes} bytes)`}`, {
    start,
    end,
    ...(sizeBytes === undefined ? {} : { sizeBytes }),
  });

/** The shape checks that need no size; the size check waits for S3's answer, to save a HEAD per read. */
export function checkRangeShape(key: string, range: ByteRange): void {
  const { start, end } = range;
  if (Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end) return;
  throw rangeInvalid(key, range);
}

/** `bytes 0-99/1234` → its numbers; null for anything else (including the `*` forms). */
export function parseContentRange(header: string | undefined): { start: number; end: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : null;
}

/**
 * Checks what S3 actually sent against the inclusive range asked for. S3 serves `bytes=0-999` of a 500-byte
 * object as 0-499 rather than refusing, while the port promises `media.range_invalid`; and a server may send
 * more than asked (some S3-compatible servers answer `bytes=0-0` with the whole object), so the body is cut to the range.
 */
export function fitToRange(key: string, range: ByteRange, body: Readable, contentRange: string | undefined, contentLength: number | undefined): Readable {
  // No Content-Range means the server ignored Range and sent the whole object (200).
  const got = parseContentRange(contentRange) ?? (contentLength === undefined ? null : { start: 0, end: contentLength - 1, total: contentLength });
  if (!got) {
    body.destroy();
    throw new AppError('internal', `Storage answered a ranged read of "${key}" without saying which bytes it sent`, { key, contentRange });
  }
  if (range.end >= got.total) {
    body.destroy();
    throw rangeInvalid(key, range, got.total);
  }
  if (got.start > range.start || got.end < range.end) {
    body.destroy();
    throw new AppError('internal', `Storage sent bytes ${got.start}-${got.end} of "${key}" for ${range.start}-${range.end}`, { key, contentRange });
  }
  if (got.start === range.start && got.end === range.end) return body;
  return slice(body, range.start - got.start, range.end - range.start + 1);
}

/** Skips `skip` bytes, passes `length`, then stops reading (breaking the loop destroys the source). */
function slice(source: Readable, skip: number, length: number): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    let toSkip = skip;
    let left = length;
    for await (const chunk of source) {
      let buf = chunk as Buffer;
      if (toSkip > 0) {
        const n = Math.min(toSkip, buf.length);
        buf = buf.subarray(n);
        toSkip -= n;
      }
      if (buf.length === 0) continue;
      const out = buf.length > left ? buf.subarray(0, left) : buf;
      left -= out.length;
      yield out;
      if (left === 0) break;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
