import { AppError } from '../errors/index';
import { EventSchema, type CutawayEvent } from '../schemas/index';
import { apiRoot, withQuery } from './url';

/**
 * The part of a WebSocket we use, as the browser, UXP and the `ws` package all spell it. Handlers take `never`
 * so each implementation's own event types fit; all we read is a message event's `data`.
 */
export interface WebSocketLike {
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type EventsState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; delayMs: number }
  | { status: 'closed' };

export interface ConnectEventsOptions {
  /** Same as CutawayClient's: http(s) becomes ws(s). */
  baseUrl: string;
  /** Sent as `?token=`: UXP WebSockets cannot send headers. */
  token: string;
  /** Default globalThis.WebSocket (UXP, browsers, Node ≥ 22); in Node 20 pass `WebSocket` from `ws`. */
  WebSocketImpl?: WebSocketConstructor;
  onEvent: (event: CutawayEvent) => void;
  onState?: (state: EventsState) => void;
  /** A message that is not JSON or not a known event; it is skipped, never thrown (old clients meet new events). */
  onInvalid?: (error: AppError, raw: unknown) => void;
  /** Backoff between attempts: minMs, doubling, capped at maxMs, with jitter in [delay/2, delay]. */
  reconnect?: { minMs: number; maxMs: number };
}

export interface EventsConnection {
  /** Stops for good: closes the socket and cancels any pending reconnect. */
  close(): void;
}

export function eventsUrl(baseUrl: string, token: string): string {
  const root = apiRoot(baseUrl).replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
  return withQuery(`${root}/events`, { token });
}

export function connectEvents(options: ConnectEventsOptions): EventsConnection {
  const Impl = options.WebSocketImpl ?? globalWebSocket();
  const { minMs, maxMs } = options.reconnect ?? { minMs: 500, maxMs: 30_000 };
  const url = eventsUrl(options.baseUrl, options.token);
  let socket: WebSocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let openedAt: number | undefined;
  let closed = false;

  const state = (s: EventsState) => options.onState?.(s);

  const scheduleReconnect = () => {
    if (closed) return;
    const ceiling = Math.min(maxMs, minMs * 2 ** failures);
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    failures += 1;
    state({ status: 'reconnecting', attempt: failures, delayMs });
    timer = setTimeout(open, delayMs);
  };

  function open(): void {
    timer = undefined;
    state({ status: 'connecting', attempt: failures });
    // A throwing constructor means a malformed URL: it throws from connectEvents() itself, on the first attempt.
    const ws = new Impl(url);
    socket = ws;
    // Handlers check `socket === ws` so a late callback from a replaced or closed socket does nothing.
    ws.onopen = () => {
      if (socket !== ws) return;
      openedAt = Date.now();
      state({ status: 'open' });
    };
    ws.onmessage = (event: { data: unknown }) => {
      if (socket === ws) handle(event.data);
    };
    // `ws` emits 'error' as an EventEmitter event: without a listener it would crash the process. Close follows.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      // Only a connection that lived a while resets the backoff: one dropped right after opening
      // (token refused after the upgrade, a crash-looping server) must not be retried at minMs forever.
      if (openedAt !== undefined && Date.now() - openedAt >= maxMs) failures = 0;
      openedAt = undefined;
      scheduleReconnect();
    };
  }

  function handle(data: unknown): void {
    if (typeof data !== 'string') {
      options.onInvalid?.(new AppError('internal', 'binary event message ignored'), data);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (err) {
      options.onInvalid?.(new AppError('internal', 'event message is not JSON', undefined, { cause: err }), data);
      return;
    }
    const parsed = EventSchema.safeParse(json);
    if (!parsed.success) {
      const type = (json as { type?: unknown } | null)?.type;
      options.onInvalid?.(new AppError('internal', `unknown or invalid event ${JSON.stringify(type)}`, parsed.error.issues), json);
      return;
    }
    options.onEvent(parsed.data);
  }

  open();
  return {
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const ws = socket;
      socket = undefined;
      ws?.close(1000, 'client closed');
      state({ status: 'closed' });
    },
  };
}

function globalWebSocket(): WebSocketConstructor {
  const Impl = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Impl) throw new AppError('config.invalid', 'WebSocket is not available here; pass WebSocketImpl');
  return Impl;
}
