import type { storage } from 'uxp';
import { AppError } from '@cutaway/shared/errors';
import { readWithProgress, safeFileName, type DownloadRequest, type LocalMedia, type MediaFiles } from '@cutaway/shared/ui/host';

/**
 * The slice of UXP's storage module the media cache uses (@adobe/cc-ext-uxp-types 7.3.1 types most of
 * these as `any`, so the shapes are spelled out here from its doc comments).
 */
export interface UxpFolder {
  nativePath: string;
  createFile(name: string, options: { overwrite?: boolean }): Promise<UxpFile>;
  createFolder(name: string): Promise<UxpFolder>;
  getEntry(path: string): Promise<UxpFolder | UxpFile>;
}
export interface UxpFile {
  nativePath: string;
  write: storage.File['write'];
}
export interface UxpStorage {
  localFileSystem: { getDataFolder(): Promise<UxpFolder> };
  formats: { binary: symbol };
}

/** Only what a download needs; UXP's own global fetch typing differs from the DOM's, so neither is assumed. */
export type FetchFn = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface UxpFilesOptions {
  storage: UxpStorage;
  fetch: FetchFn;
  /** Sub-folder of the plugin's data folder (plugin-data:/) that holds downloaded media. */
  cacheFolderName?: string;
}

/**
 * Downloads into the plugin's data folder, which UXP lets a plugin write without `fullAccess`; Premiere
 * then imports the file by its nativePath. Progress comes from reading the body stream chunk by chunk.
 */
export function createUxpMediaFiles(opts: UxpFilesOptions): MediaFiles {
  const cacheName = opts.cacheFolderName ?? 'media-cache';
  let cache: Promise<UxpFolder> | null = null;
  const folder = () =>
    (cache ??= (async () => {
      const data = await opts.storage.localFileSystem.getDataFolder();
      try {
        return (await data.getEntry(cacheName)) as UxpFolder;
      } catch {
        return data.createFolder(cacheName);
      }
    })());

  return {
    async download(req: DownloadRequest): Promise<LocalMedia> {
      const res = await opts.fetch(req.url, { headers: req.headers, ...(req.signal ? { signal: req.signal } : {}) });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as unknown;
        throw AppError.fromWire(body, `download failed with HTTP ${res.status}`);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const bytes = await readWithProgress(res, req.onProgress);
      const file = await (await folder()).createFile(safeFileName(req.fileName), { overwrite: true });
      await file.write(bytes.buffer as ArrayBuffer, { format: opts.storage.formats.binary });
      return { nativePath: file.nativePath, bytes: bytes.byteLength, headers };
    },
  };
}
