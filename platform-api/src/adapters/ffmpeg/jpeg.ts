import { open } from 'node:fs/promises';
import { AppError } from '@cutaway/shared';

/**
 * Width and height from a JPEG's SOFn marker (ITU T.81 B.2.2), reading only the header:
 * cheaper than spawning ffprobe for every output picture.
 */
export async function jpegSize(path: string): Promise<{ width: number; height: number }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const size = parseSof(buf.subarray(0, bytesRead));
    if (!size) throw new AppError('media.process_failed', 'ffmpeg wrote a JPEG without a readable frame header');
    return size;
  } finally {
    await fh.close();
  }
}

export function parseSof(b: Buffer): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return null;
}
