import { AppError } from '@cutaway/shared';

export interface PlannedPart {
  index: number;
  url: string;
  offset: number;
  size: number;
}

/**
 * Frame.io picks the parts (docs/frameio.md §1.4: 50,645,990 B → 16,881,997 + 16,881,997 + 16,881,996):
 * each presigned URL takes exactly its `size` bytes, in order, and the sizes must add up to the file.
 */
export function planParts(fileSize: number, urls: ReadonlyArray<{ size: number; url: string }>): PlannedPart[] {
  if (!urls.length) throw new AppError('frameio.upload_failed', 'Frame.io returned no upload URLs', { fileSize });
  let offset = 0;
  const parts = urls.map((u, index) => {
    if (!Number.isInteger(u.size) || u.size < 0) throw new AppError('frameio.upload_failed', `Upload part ${index} has an invalid size`, { size: u.size });
    const part = { index, url: u.url, offset, size: u.size };
    offset += u.size;
    return part;
  });
  if (offset !== fileSize) throw new AppError('frameio.upload_failed', `Upload parts add up to ${offset} bytes, the file has ${fileSize}`, { fileSize, total: offset });
  return parts;
}

/** Frame.io's own split for n parts, used by the fake: equal parts, the first `size % n` one byte longer. */
export function evenSplit(fileSize: number, partSize: number): number[] {
  const n = Math.max(1, Math.ceil(fileSize / partSize));
  const base = Math.floor(fileSize / n);
  const extra = fileSize - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}
