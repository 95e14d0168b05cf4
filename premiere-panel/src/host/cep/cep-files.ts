import { AppError } from '@cutaway/shared/errors';
import { readWithProgress, safeFileName, type MediaFiles } from '@cutaway/shared/ui/host';
import type { FetchFn } from '../uxp-files';

/** The Node modules CEP exposes with --enable-nodejs (cep_node.require). */
export interface CepNode {
  fs: { mkdirSync(p: string, o: { recursive: boolean }): unknown; writeFileSync(p: string, data: Uint8Array): void };
  path: { join(...parts: string[]): string };
  cacheDir: string;
}

/** Downloads into a cache folder on disk with Node's fs, which CEP panels may use (CEP 12 cookbook "Node.js"). */
export function createCepMediaFiles(node: CepNode, fetchImpl: FetchFn): MediaFiles {
  return {
    async download(req) {
      const res = await fetchImpl(req.url, { headers: req.headers, ...(req.signal ? { signal: req.signal } : {}) });
      if (!res.ok) throw AppError.fromWire(await res.json().catch(() => null), `download failed with HTTP ${res.status}`);
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const bytes = await readWithProgress(res, req.onProgress);
      node.fs.mkdirSync(node.cacheDir, { recursive: true });
      const nativePath = node.path.join(node.cacheDir, safeFileName(req.fileName));
      node.fs.writeFileSync(nativePath, bytes);
      return { nativePath, bytes: bytes.byteLength, headers };
    },
  };
}
