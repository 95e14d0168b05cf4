import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AppError } from '../errors/index';
import type { CutawayEvent } from '../schemas/index';
import { connectEvents, eventsUrl, type EventsConnection, type EventsState, type WebSocketLike } from './events';
import { assetFixture } from './test-server';

const at = '2025-03-01T10:00:00.000Z';
const deleted = { type: 'asset.deleted', at, assetId: 'asset_000001' };
const created = { type: 'asset.created', at, asset: assetFixture() };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  vi.useRealTimers();
});

async function startWsServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const urls: string[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket, req) => {
    urls.push(req.url ?? '');
    sockets.push(socket);
  });
  cleanups.push(() => new Promise<void>((resolve) => { for (const s of wss.clients) s.terminate(); wss.close(() => resolve()); }));
  return { baseUrl: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, urls, sockets };
}

function track(conn: EventsConnection): EventsConnection {
  cleanups.push(() => conn.close());
  return conn;
}

describe('eventsUrl', () => {
  it('maps http(s) to ws(s) and carries the token in the query', () => {
    expect(eventsUrl('https://cut.example/pfx/', 't k')).toBe('wss://cut.example/pfx/api/v1/events?token=t%20k');
    expect(eventsUrl('http://127.0.0.1:8080/api/v1', 't')).toBe('ws://127.0.0.1:8080/api/v1/events?token=t');
  });
});

describe('connectEvents over ws', () => {
  it('delivers typed events and reports, without throwing, messages it does not know', async () => {
    const server = await startWsServer();
    const events: CutawayEvent[] = [];
    const invalid: [AppError, unknown][] = [];
    track(connectEvents({ baseUrl: server.baseUrl, token: 'tok', WebSocketImpl: WebSocket, onEvent: (e) => events.push(e), onInvalid: (e, raw) => invalid.push([e, raw]) }));
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1), { timeout: 10_000 });
    expect(server.urls[0]).toBe('/api/v1/events?token=tok');
    const s = server.sockets[0]!;
    for (const m of [created, { type: 'rundown.future', at }, 'not json', { ...deleted, assetId: 7 }, deleted]) s.send(typeof m === 'string' ? m : JSON.stringify(m));
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 10_000 });
    expect(events.map((e) => e.type)).toEqual(['asset.created', 'asset.deleted']);
    const first = events[0];
    if (first?.type === 'asset.created') expect(first.asset.title).toBe('Flood in Brig');
    expect(invalid.map(([e]) => e.code)).toEqual(['internal', 'internal', 'internal']);
    expect(invalid[0]?.[0].message).toContain('rundown.future');
  });

  it('reconnects after the server drops it, and close() stops for good', async () => {
    const server = await startWsServer();
    const states: EventsState['status'][] = [];
    const events: CutawayEvent[] = [];
    const conn = track(connectEvents({
      baseUrl: server.baseUrl, token: 'tok', WebSocketImpl: WebSocket, reconnect: { minMs: 20, maxMs: 50 },
      onEvent: (e) => events.push(e), onState: (s) => states.push(s.status),
    }));
    await vi.waitFor(() => expect(states).toContain('open'), { timeout: 10_000 });
    server.sockets[0]!.terminate();
    await vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 10_000 });
    await vi.waitFor(() => expect(states.filter((s) => s === 'open')).toHaveLength(2), { timeout: 10_000 });
    server.sockets[1]!.send(JSON.stringify(deleted));
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 10_000 });
    expect(states.slice(0, 5)).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);

    conn.close();
    await vi.waitFor(() => expect(server.sockets[1]!.readyState).toBe(WebSocket.CLOSED), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200)); // four times maxMs: a leftover timer would have reconnected
    expect(server.sockets).toHaveLength(2);
    expect(states.at(-1)).toBe('closed');
  });
});

describe('connectEvents backoff', () => {
  /** A socket that closes on the next tick, like a refused connection (or, with `opens`, one dropped at once). */
  function refusingSocket(opens = false) {
    const urls: string[] = [];
    class Refusing implements WebSocketLike {
      onopen: ((e: never) => void) | null = null;
      onmessage = null;
      onerror: ((e: never) => void) | null = null;
      onclose: ((e: { code: number }) => void) | null = null;
      constructor(url: string) {
        urls.push(url);
        setTimeout(() => {
          if (opens) this.onopen?.(undefined as never);
          this.onclose?.({ code: 1006 });
        }, 0);
      }
      close() {}
    }
    return { urls, Refusing };
  }

  it('grows the delay exponentially up to maxMs, and close() leaves no timer behind', async () => {
    vi.useFakeTimers();
    const { urls, Refusing } = refusingSocket();
    const delays: number[] = [];
    const conn = connectEvents({
      baseUrl: 'https://h', token: 't', WebSocketImpl: Refusing, reconnect: { minMs: 100, maxMs: 1000 }, onEvent: () => {},
      onState: (s) => { if (s.status === 'reconnecting') delays.push(s.delayMs); },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(urls[0]).toBe('wss://h/api/v1/events?token=t');
    expect(delays.length).toBeGreaterThanOrEqual(8);
    delays.forEach((d, i) => {
      const ceiling = Math.min(1000, 100 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    conn.close();
    expect(vi.getTimerCount()).toBe(0);
    const attempts = urls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(urls).toHaveLength(attempts);
  });

  it('keeps backing off when each connection drops right after opening', async () => {
    vi.useFakeTimers();
    const { urls, Refusing } = refusingSocket(true);
    const delays: number[] = [];
    track(connectEvents({
      baseUrl: 'http://h', token: 't', WebSocketImpl: Refusing, reconnect: { minMs: 100, maxMs: 1000 }, onEvent: () => {},
      onState: (s) => { if (s.status === 'reconnecting') delays.push(s.delayMs); },
    }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(urls.length).toBeGreaterThan(4);
    expect(delays.slice(4).every((d) => d >= 500)).toBe(true);
  });
});
