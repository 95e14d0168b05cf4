import { useCallback, useState } from 'react';
import type { ConnectionSettings } from '../host/host';
import { userMessage } from '../errors';

/** The one user action running or just finished, as the status line shows it. */
export type Op = { state: 'idle' } | { state: 'busy'; label: string; percent: number | null } | { state: 'done'; message: string } | { state: 'error'; message: string };

export type Perform = (label: string, fn: (progress: (received: number, total: number | null) => void) => Promise<string>) => Promise<void>;

/**
 * Runs one labelled action with progress and turns its outcome into a sentence (errors through
 * userMessage, with the server URL for "cannot reach"). `after` runs whatever happened (e.g. re-read the
 * open document in Photoshop).
 */
export function useOperation(settings: ConnectionSettings | null, after?: () => void): { op: Op; perform: Perform } {
  const [op, setOp] = useState<Op>({ state: 'idle' });
  const perform = useCallback<Perform>(
    async (label, fn) => {
      setOp({ state: 'busy', label, percent: null });
      try {
        const message = await fn((r, t) => setOp({ state: 'busy', label, percent: t ? Math.round((r / t) * 100) : null }));
        setOp({ state: 'done', message });
      } catch (err) {
        setOp({ state: 'error', message: userMessage(err, settings ? { serverUrl: settings.serverUrl } : {}) });
      } finally {
        after?.();
      }
    },
    [settings, after],
  );
  return { op, perform };
}
