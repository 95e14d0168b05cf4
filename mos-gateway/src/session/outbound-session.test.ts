import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decode, encode, type MosMessage } from '../codec/index';
import { MessageIds } from './message-ids';
import { InboundDedup } from './inbound-dedup';
import { OutboundSession } from './outbound-session';
import { OutboxFile } from './outbox-file';

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

describe('OutboxFile: unanswered notifications survive a restart (MOS 2.8.5 §1.5)', () => {
  const stat = (itemId: string): MosMessage => ({ type: 'roElementStat', element: 'ITEM', roId: 'R', storyId: 'S', itemId, status: 'READY', time: '2026-12-06T18:00:00Z' });
  const ok: MosMessage = { type: 'roAck', roId: 'R', roStatus: 'OK', items: [] };
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cutaway-outbox-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function session(next: { id: number }, sent: Array<{ id: number | null; item: string }>) {
    const s = new OutboundSession({
      ackTimeoutMs: 60_000, retries: 0, heartbeatMs: 0, takeId: () => next.id++, outbox: new OutboxFile(dir, 'NCS/1', 'upper'),
      encode: (messageId, message) => Buffer.from(encode({ mosId: 'm', ncsId: 'n', messageId }, message)),
    });
    return { s, connect: () => s.connected((b) => { const d = decode(b.toString()); sent.push({ id: d.envelope.messageId, item: d.message.type === 'roElementStat' ? d.message.itemId ?? '' : d.message.type }); }) };
  }

  it('resends what was queued and unanswered, first, in order, under the same messageIDs; answered ones are gone; heartbeats are not kept', async () => {
    const firstRun: Array<{ id: number | null; item: string }> = [];
    const a = session({ id: 10 }, firstRun);
    a.connect();
    void a.s.request(stat('1'));
    a.s.onReply(10, ok); // answered: done
    void a.s.request(stat('2')).catch(() => undefined); // in flight when the process dies
    void a.s.request(stat('3')).catch(() => undefined);
    void a.s.request({ type: 'heartbeat', time: 'x' }).catch(() => undefined);
    expect(firstRun.map((x) => x.id)).toEqual([10, 11]);
    // The process dies (nothing is closed or flushed).
    const secondRun: Array<{ id: number | null; item: string }> = [];
    const b = session({ id: 2000 }, secondRun);
    expect(b.s.restored).toBe(2);
    void b.s.request(stat('4')).catch(() => undefined);
    b.connect();
    b.s.onReply(11, ok);
    b.s.onReply(12, ok);
    expect(secondRun).toEqual([{ id: 11, item: '2' }, { id: 12, item: '3' }, { id: 2000, item: '4' }]);
    b.s.onReply(2000, ok);
    expect(session({ id: 3000 }, []).s.restored).toBe(0);
  });
});

describe('InboundDedup: a resend is recognised by messageID AND content (MOS 2.8.5 §4.1.6)', () => {
  it('answers a resend with the first answer, treats a reused id with other content as new, forgets the oldest first', () => {
    const d = new InboundDedup(2);
    const reply: MosMessage = { type: 'roAck', roId: 'R', roStatus: 'OK', items: [] };
    const k = (messageId: number, hash: string) => ({ ncsId: 'N', port: 'upper', messageId, hash });
    d.remember(k(1, 'a'), reply);
    expect(d.check(k(1, 'a'))).toEqual(reply);
    expect(d.check(k(1, 'b'))).toBeNull();
    expect(d.check({ ...k(1, 'a'), port: 'lower' })).toBeNull();
    d.remember(k(2, 'b'), reply);
    d.remember(k(3, 'c'), reply);
    expect(d.check(k(1, 'a'))).toBeNull();
    expect(d.recent(5).map((r) => r.messageId)).toEqual([2, 3]);
  });
});
