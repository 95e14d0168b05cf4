import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { AppError, type TokenInfo } from '@cutaway/shared';
import type { EventBus } from '../ports/event-bus';
import type { TokenService } from '../services/token-service';
import { bearerToken } from '../http/auth';

export const EVENTS_PATH = '/api/v1/events';
/** Dead peers (a laptop that slept) are dropped after one missed ping. */
const PING_MS = 30_000;
/** A client this far behind is cut off rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Pushes every bus event to every authenticated ws client. Auth happens at the
 * HTTP upgrade: `Authorization: Bearer` or `?token=` (UXP WebSockets cannot set headers).
 */
export function attachEventHub(server: Server, deps: { bus: EventBus; tokens: TokenService; log: Logger; recheckMs?: number }): { close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();
  /** The token each socket authenticated with: a revoked token's sockets stop receiving at once (issue 7). */
  const tokenOf = new Map<WebSocket, string>();
  const closeRevoked = (revoked: Set<string>) => {
    for (const [ws, id] of tokenOf) {
      if (!revoked.has(id)) continue;
      tokenOf.delete(ws);
      // 1008 Policy Violation (RFC 6455 §7.4.1): the closest standard code for "your credentials were withdrawn".
      ws.close(1008, 'token revoked');
      // Stop delivery now even if the peer is slow to answer the close handshake.
      setTimeout(() => ws.terminate(), 5_000).unref();
    }
  };
  const offRevoked = deps.tokens.onRevoked((id) => closeRevoked(new Set([id])));

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== EVENTS_PATH) return socket.destroy();
    let caller: TokenInfo;
    try {
      const secret = bearerToken({ method: 'GET', headers: req.headers, url: req.url ?? '' });
      if (!secret) throw new AppError('auth.required', 'token required');
      caller = await deps.tokens.authenticate(secret);
    } catch {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const id = caller.id;
    wss.handleUpgrade(req, socket, head, (ws) => {
      tokenOf.set(ws, id);
      ws.once('close', () => tokenOf.delete(ws));
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', (req, socket, head) => void onUpgrade(req, socket, head));

  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', (err) => deps.log.debug({ err }, 'ws client error'));
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    const data = JSON.stringify(event);
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN || !tokenOf.has(ws)) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(data);
    }
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_MS);
  pinger.unref();

  // Revocations made by another API process reach this one only through the catalog: re-check it.
  let checking = false;
  const rechecker = setInterval(() => {
    if (checking || tokenOf.size === 0) return;
    checking = true;
    deps.tokens
      .notLive(new Set(tokenOf.values()))
      .then(closeRevoked)
      .catch((err: unknown) => deps.log.warn({ err }, 'token re-check failed; open sockets keep their access until the next one'))
      .finally(() => (checking = false));
  }, deps.recheckMs ?? 30_000);
  rechecker.unref();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        clearInterval(rechecker);
        offRevoked();
        unsubscribe();
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
