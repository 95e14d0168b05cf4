import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decode, encode, type MosMessage } from '../codec/index';
import { MessageIds } from './message-ids';
import { OutboundSession } from './outbound-session';

describe('OutboundSession: stop-and-wait, resend under the same messageID (MOS 2.8.5 §4.1.6)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(retries = 1) {
    let next = 41;
    const sent: Array<{ id: number | null; type: string }> = [];
    const s = new OutboundSession({
      ackTimeoutMs: 1000, retries, heartbeatMs: 0, takeId: () => next++,
      encode: (messageId, message) => Buffer.from(encode({ mosId: 'm', ncsId: 'n', messageId }, message)),
    });
    s.connected((b) => {
      const d = decode(b.toString());
      sent.push({ id: d.envelope.messageId, type: d.message.type });
    });
    return { s, sent };
  }
  const stat = (itemId: string): MosMessage => ({ type: 'roElementStat', element: 'ITEM', roId: 'R', storyId: 'S', itemId, status: 'READY', time: '2026-12-06T18:00:00Z' });
  const ok: MosMessage = { type: 'roAck', roId: 'R', roStatus: 'OK', items: [] };

  it('holds the second message until the first is answered', async () => {
    const { s, sent } = setup();
    const a = s.request(stat('1'));
    const b = s.request(stat('2'));
    expect(sent).toEqual([{ id: 41, type: 'roElementStat' }]);
    s.onReply(41, ok);
    await expect(a).resolves.toEqual(ok);
    expect(sent.map((x) => x.id)).toEqual([41, 42]);
    s.onReply(42, ok);
    await expect(b).resolves.toEqual(ok);
  });

  it('resends after the ack timeout with the SAME messageID, then fails with mos.timeout and moves on', async () => {
    const { s, sent } = setup(1);
    const a = s.request(stat('1'));
    const b = s.request(stat('2'));
    const failed = a.catch((e: { code: string }) => e.code);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((x) => x.id)).toEqual([41, 41]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await failed).toBe('mos.timeout');
    expect(sent.map((x) => x.id)).toEqual([41, 41, 42]);
    s.onReply(null, ok); // a peer that never sends messageID still answers what is in flight
    await expect(b).resolves.toEqual(ok);
  });

  it('ignores a reply of the wrong family or id; resends what was in flight after a reconnect', async () => {
    const { s, sent } = setup();
    const a = s.request(stat('1'));
    s.onReply(41, { type: 'mosAck', status: 'ACK' });
    s.onReply(99, ok);
    s.disconnected();
    s.connected((b) => sent.push({ id: decode(b.toString()).envelope.messageId, type: 'again' }));
    expect(sent.map((x) => x.id)).toEqual([41, 41]);
    s.onReply(41, ok);
    await expect(a).resolves.toEqual(ok);
  });
});

describe('MessageIds', () => {
  it('counts from the persisted reservation, never repeats across a restart, wraps to 1', () => {
    let saved: number | null = null;
    const store = { load: () => saved, save: (n: number) => void (saved = n) };
    const a = new MessageIds(store);
    expect([a.take(), a.take(), a.take()]).toEqual([1, 2, 3]);
    expect(saved).toBe(1001);
    const b = new MessageIds(store); // restart: continues after the reserved block
    expect(b.take()).toBe(1001);
    saved = 2 ** 31 - 1;
    const c = new MessageIds(store);
    expect([c.take(), c.take()]).toEqual([2 ** 31 - 1, 1]);
  });
});
