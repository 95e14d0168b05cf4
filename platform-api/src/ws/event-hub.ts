import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import { AppError } from '@cutaway/shared';
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
export function attachEventHub(server: Server, deps: { bus: EventBus; tokens: TokenService; log: Logger }): { close: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== EVENTS_PATH) return socket.destroy();
    try {
      const secret = bearerToken({ method: 'GET', headers: req.headers, url: req.url ?? '' });
      if (!secret) throw new AppError('auth.required', 'token required');
      await deps.tokens.authenticate(secret);
    } catch {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
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
      if (ws.readyState !== ws.OPEN) continue;
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

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(pinger);
        unsubscribe();
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
