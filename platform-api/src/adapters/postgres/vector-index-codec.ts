import { endianness } from 'node:os';

/** Float32 little-endian BYTEA, the same bytes the SQLite adapter stores in its BLOBs. */

// On a little-endian host (every platform we ship on) the bytes are the array's own memory.
const LITTLE = endianness() === 'LE';

export function encodeVector(v: Float32Array): Buffer {
  if (LITTLE) return Buffer.from(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  const out = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) out.writeFloatLE(v[i]!, i * 4);
  return out;
}

/** The vector in `buf`, or null when its length does not match `dims` (a row we cannot use). */
export function decodeVector(buf: Buffer, dims: number): Float32Array | null {
  if (buf.length !== dims * 4) return null;
  // A view needs 4-byte alignment; small Buffers come from a shared slab and may not have it.
  if (LITTLE && buf.byteOffset % 4 === 0) return new Float32Array(buf.buffer, buf.byteOffset, dims);
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** True when every component is a finite number (a NaN would poison every score it meets). */
export function isFiniteVector(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}
