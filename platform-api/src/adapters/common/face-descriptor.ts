/** Descriptors are stored as little-endian float32 bytes on both engines. */
export function descriptorToBytes(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function bytesToDescriptor(b: Uint8Array | null): Float32Array | null {
  if (!b || b.byteLength === 0) return null;
  // Copy: a Buffer's offset within its pool is not float-aligned.
  return new Float32Array(Uint8Array.from(b).buffer);
}

/** Names compare case- and space-insensitively ("the Mayor" = "The  mayor"). */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
