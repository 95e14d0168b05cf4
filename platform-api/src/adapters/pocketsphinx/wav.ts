import { open } from 'node:fs/promises';
import { AppError } from '@cutaway/shared';
import type { Chunk } from './regions';

/** 16 kHz mono 16-bit: what the en-us model was trained on (`-samprate 16000`). */
export const SAMPLE_RATE = 16_000;
const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;

/**
 * Where the samples of a WAV start and how many bytes they take. ffmpeg writes a LIST chunk
 * before `data`, so walk the RIFF chunks rather than assume 44 bytes.
 */
export async function pcmData(path: string): Promise<{ offset: number; bytes: number }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(8);
    for (let at = 12; at + 8 <= size; ) {
      await fh.read(head, 0, 8, at);
      const id = head.toString('ascii', 0, 4);
      const len = head.readUInt32LE(4);
      // A streamed WAV may leave the data size at 0 or 0xFFFFFFFF: the rest of the file is data.
      if (id === 'data') return { offset: at + 8, bytes: Math.min(len || Infinity, size - at - 8) & ~1 };
      at += 8 + len + (len % 2);
    }
  } finally {
    await fh.close();
  }
  throw new AppError('media.process_failed', 'ffmpeg wrote a WAV without audio data', { tool: 'ffmpeg' });
}

/**
 * The canonical 44-byte header: pocketsphinx_continuous reads exactly 44 bytes as the header of
 * a `.wav` and checks rate and sample size there (continuous.c check_wav_header), so any extra
 * chunk would be decoded as audio.
 */
function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

const toBytes = (ms: number) => Math.round(ms * BYTES_PER_MS) & ~1;

/** Copies each region's samples from the whole-file WAV to `out`, at its place in the chunk (zeros between). */
export async function writeChunkWav(source: string, chunk: Chunk, out: string): Promise<void> {
  const pcm = await pcmData(source);
  const total = toBytes(chunk.lengthMs);
  const src = await open(source, 'r');
  const dst = await open(out, 'w');
  try {
    await dst.write(header(total), 0, 44, 0);
    // Unwritten bytes of a file read back as zeros: the gaps need no writes.
    await dst.truncate(44 + total);
    for (const r of chunk.regions) {
      const from = toBytes(r.startMs);
      const len = Math.min(toBytes(r.endMs - r.startMs), Math.max(0, pcm.bytes - from), total - toBytes(r.atMs));
      if (len <= 0) continue;
      const buf = Buffer.alloc(len);
      await src.read(buf, 0, len, pcm.offset + from);
      await dst.write(buf, 0, len, 44 + toBytes(r.atMs));
    }
  } finally {
    await Promise.all([src.close(), dst.close()]);
  }
}
