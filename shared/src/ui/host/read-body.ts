// Reading a fetch Response with progress; works with the fetch of browsers, UXP, CEP and Node.

/** The body as one buffer, reporting progress per chunk; falls back to arrayBuffer() where there is no stream. */
export async function readWithProgress(res: Response, onProgress?: (received: number, total: number | null) => void): Promise<Uint8Array> {
  const total = Number(res.headers.get('content-length')) || null;
  if (!res.body || !onProgress) {
    const all = new Uint8Array(await res.arrayBuffer());
    onProgress?.(all.byteLength, total);
    return all;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(received, total);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
