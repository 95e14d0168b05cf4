import { AppError } from '@cutaway/shared/errors';
import { createWebStorageSettings, readWithProgress, safeFileName, type Host, type StorageLike } from '@cutaway/shared/ui/host';

/**
 * The browser console's host: it downloads instead of importing, and keeps the connection in the tab's
 * sessionStorage only (closing the tab forgets the token). The server is the page's own origin.
 */
export function createWebHost(deps: { storage: StorageLike; fetch: typeof fetch; document: Document }): Host {
  return {
    kind: 'web',
    label: 'Browser',
    settings: createWebStorageSettings(deps.storage),
    files: {
      async download(req) {
        const res = await deps.fetch(req.url, { headers: req.headers, ...(req.signal ? { signal: req.signal } : {}) });
        if (!res.ok) throw AppError.fromWire(await res.json().catch(() => null), `download failed with HTTP ${res.status}`);
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
        const bytes = await readWithProgress(res, req.onProgress);
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: headers['content-type'] ?? 'application/octet-stream' }));
        const a = deps.document.createElement('a');
        a.href = url;
        a.download = safeFileName(req.fileName);
        deps.document.body.appendChild(a);
        a.click();
        a.remove();
        // The click has handed the blob to the download manager; revoke on the next turn, not before.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        return { nativePath: null, bytes: bytes.byteLength, headers };
      },
    },
  };
}

/**
 * The sign-in link is `…/#token=…`: a fragment never reaches the server or its logs. It is moved to
 * sessionStorage and wiped from the address bar so it is not bookmarked or shared by accident.
 */
export function takeTokenFromFragment(loc: Location, history: History, host: Host, origin: string): Promise<void> | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (!m?.[1]) return null;
  const token = decodeURIComponent(m[1]);
  history.replaceState(null, '', loc.pathname + loc.search);
  return host.settings.saveConnection({ serverUrl: origin, token });
}
