import { useCallback, useEffect, useRef, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { AssetType, MomentKind, SearchHit } from '../../schemas/index';
import { isAbort, userMessage } from '../errors';

export interface SearchFilters {
  kind: MomentKind[];
  type: AssetType[];
  tags: string[];
  /** yyyy-mm-dd, inclusive. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: SearchFilters = { kind: [], type: [], tags: [], from: '', to: '' };

export interface SavedSearch {
  name: string;
  q: string;
  filters: SearchFilters;
}

export type SearchState =
  | { state: 'idle' }
  | { state: 'loading'; q: string }
  | { state: 'done'; q: string; hits: SearchHit[]; tookMs: number }
  | { state: 'error'; q: string; message: string };

/** Query + filters → the API's query object (dates as whole-day ISO bounds). */
export function searchQuery(q: string, f: SearchFilters) {
  return {
    q,
    ...(f.kind.length ? { kind: f.kind } : {}),
    ...(f.type.length ? { type: f.type } : {}),
    ...(f.tags.length ? { tags: f.tags } : {}),
    ...(f.from ? { from: `${f.from}T00:00:00.000Z` } : {}),
    ...(f.to ? { to: `${f.to}T23:59:59.999Z` } : {}),
    moments: 5,
  };
}

/** Search as you type, newest query wins: each new query aborts the one in flight. */
export function useSearch(client: CutawayClient | null, serverUrl?: string) {
  const [result, setResult] = useState<SearchState>({ state: 'idle' });
  const inflight = useRef<AbortController | null>(null);

  const run = useCallback(
    async (q: string, filters: SearchFilters) => {
      inflight.current?.abort();
      const text = q.trim();
      if (!client || !text) {
        setResult({ state: 'idle' });
        return;
      }
      const ctrl = new AbortController();
      inflight.current = ctrl;
      setResult({ state: 'loading', q: text });
      try {
        const res = await client.search(searchQuery(text, filters), { signal: ctrl.signal });
        if (!ctrl.signal.aborted) setResult({ state: 'done', q: text, hits: res.items, tookMs: res.tookMs });
      } catch (err) {
        if (isAbort(err) || ctrl.signal.aborted) return;
        setResult({ state: 'error', q: text, message: userMessage(err, serverUrl ? { serverUrl } : {}) });
      }
    },
    [client, serverUrl],
  );

  useEffect(() => () => inflight.current?.abort(), []);
  return { result, run, setResult };
}
