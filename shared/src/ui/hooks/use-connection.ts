import { useCallback, useEffect, useMemo, useState } from 'react';
import { CutawayClient, connectEvents, type EventsState } from '../../client/index';
import type { CutawayEvent } from '../../schemas/index';
import type { ConnectionSettings, Host } from '../host/host';
import { userMessage } from '../errors';

export type ConnectionStatus =
  | { state: 'unset' }
  | { state: 'checking' }
  | { state: 'ok'; version: string }
  | { state: 'error'; message: string };

/**
 * Checks a server the way the issue asks the messages to read: unauthenticated health first (is it
 * reachable at all?), then one authenticated read (is the token good?).
 */
export async function checkConnection(settings: ConnectionSettings, networkHint?: string): Promise<ConnectionStatus> {
  const client = new CutawayClient({ baseUrl: settings.serverUrl, token: settings.token });
  try {
    const health = await client.health();
    await client.listAssets({ limit: 1 });
    return { state: 'ok', version: health.version };
  } catch (err) {
    return { state: 'error', message: userMessage(err, { serverUrl: settings.serverUrl, ...(networkHint ? { networkHint } : {}) }) };
  }
}

export interface Connection {
  settings: ConnectionSettings | null;
  status: ConnectionStatus;
  client: CutawayClient | null;
  events: EventsState | null;
  save(settings: ConnectionSettings): Promise<ConnectionStatus>;
  /** Subscribe to live events; returns the unsubscribe function. */
  subscribe(fn: (e: CutawayEvent) => void): () => void;
}

export function useConnection(host: Host, networkHint?: string): Connection {
  const [settings, setSettings] = useState<ConnectionSettings | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'checking' });
  const [events, setEvents] = useState<EventsState | null>(null);
  const [listeners] = useState(() => new Set<(e: CutawayEvent) => void>());

  useEffect(() => {
    let live = true;
    void host.settings.loadConnection().then(async (s) => {
      if (!live) return;
      setSettings(s);
      setStatus(s ? await checkConnection(s, networkHint) : { state: 'unset' });
    });
    return () => {
      live = false;
    };
  }, [host, networkHint]);

  const client = useMemo(() => (settings && status.state === 'ok' ? new CutawayClient({ baseUrl: settings.serverUrl, token: settings.token }) : null), [settings, status.state]);

  useEffect(() => {
    if (!settings || status.state !== 'ok') return;
    const conn = connectEvents({
      baseUrl: settings.serverUrl,
      token: settings.token,
      onEvent: (e) => listeners.forEach((fn) => fn(e)),
      onState: setEvents,
    });
    return () => conn.close();
  }, [settings, status.state, listeners]);

  const save = useCallback(
    async (next: ConnectionSettings) => {
      setStatus({ state: 'checking' });
      const result = await checkConnection(next, networkHint);
      // Kept even when the check fails, so a server that is down now is retried with the same values later.
      await host.settings.saveConnection(next);
      setSettings(next);
      setStatus(result);
      return result;
    },
    [host, networkHint],
  );

  const subscribe = useCallback(
    (fn: (e: CutawayEvent) => void) => {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    [listeners],
  );

  return { settings, status, client, events, save, subscribe };
}
