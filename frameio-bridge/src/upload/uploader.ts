import { AppError } from '@cutaway/shared';
import { backoffDelay } from '../frameio/rate-limit';
import { sleep } from '../sleep';
import type { PlannedPart } from './part-plan';
import { putPart, UrlExpiredError } from './part-put';

export interface UploadPartsOptions {
  path: string;
  parts: PlannedPart[];
  mediaType: string;
  /** Parts in flight at once. */
  concurrency: number;
  /** Extra tries per part after a network error or 5xx. */
  retries: number;
  backoffMs: number;
  /** Parts already accepted for this upload (after a restart). */
  done: ReadonlySet<number>;
  onPartDone: (part: PlannedPart) => void;
  put?: typeof putPart;
}

/**
 * Uploads the missing parts with at most `concurrency` in flight, retrying each on its own. A 403
 * means the presigned URL expired (or was revoked): everything stops with UrlExpiredError and the
 * caller re-creates the upload (docs/frameio.md pitfall 9) instead of hammering a dead URL.
 */
export async function uploadParts(o: UploadPartsOptions): Promise<void> {
  const queue = o.parts.filter((p) => !o.done.has(p.index));
  const abort = new AbortController();
  const put = o.put ?? putPart;
  let failure: unknown = null;

  const one = async (part: PlannedPart) => {
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let detail: string;
      try {
        ({ status, body: detail } = await put(o.path, part, o.mediaType, abort.signal));
      } catch (err) {
        if (abort.signal.aborted) return;
        detail = err instanceof Error ? err.message : String(err);
      }
      if (status >= 200 && status < 300) return o.onPartDone(part);
      if (status === 403) throw new UrlExpiredError(part.index);
      const retryable = status === 0 || status >= 500 || status === 408 || status === 429;
      if (!retryable || attempt >= o.retries) {
        throw new AppError('frameio.upload_failed', `Part ${part.index} failed with ${status ? `HTTP ${status}` : 'a network error'} after ${attempt + 1} tries`, { part: part.index, status, detail: detail.slice(0, 500) });
      }
      await sleep(backoffDelay(o.backoffMs, attempt));
    }
  };

  const worker = async () => {
    for (let part = queue.shift(); part && !failure; part = queue.shift()) {
      try {
        await one(part);
      } catch (err) {
        failure ??= err;
        abort.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, queue.length)) }, worker));
  if (failure) throw failure;
}
