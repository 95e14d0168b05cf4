import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
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
    expect(firstRun).toEqual([]); // not sent before it is on disk
    await until(() => firstRun.length === 1);
    a.s.onReply(10, ok); // answered: done
    void a.s.request(stat('2')).catch(() => undefined); // in flight when the process dies
    void a.s.request(stat('3')).catch(() => undefined);
    void a.s.request({ type: 'heartbeat', time: 'x' }).catch(() => undefined);
    await until(() => firstRun.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(firstRun.map((x) => x.id)).toEqual([10, 11]);
    // The process dies (nothing is closed or flushed).
    const secondRun: Array<{ id: number | null; item: string }> = [];
    const b = session({ id: 2000 }, secondRun);
    expect(b.s.restored).toBe(2);
    void b.s.request(stat('4')).catch(() => undefined);
    b.connect();
    b.s.onReply(11, ok);
    b.s.onReply(12, ok);
    await until(() => secondRun.length === 3);
    expect(secondRun).toEqual([{ id: 11, item: '2' }, { id: 12, item: '3' }, { id: 2000, item: '4' }]);
    b.s.onReply(2000, ok);
    // The done line is written after the tick, and after any fdatasync still running (slow on a busy disk).
    await until(() => readFileSync(join(dir, 'outbox-NCS_1-upper.jsonl'), 'utf8').includes('{"d":2000}'));
    expect(session({ id: 3000 }, []).s.restored).toBe(0);
  });

  it('a burst of appends costs one or two fdatasyncs, not one per message; nothing is sent before its sync', async () => {
    const file = new OutboxFile(dir, 'NCS', 'upper');
    const sent: number[] = [];
    const s = new OutboundSession({
      ackTimeoutMs: 60_000, retries: 0, heartbeatMs: 0, takeId: (() => { let n = 1; return () => n++; })(), outbox: file,
      encode: (messageId) => Buffer.from(String(messageId)),
    });
    s.connected((b) => sent.push(Number(b.toString())));
    for (let i = 0; i < 200; i++) void s.request(stat(String(i))).catch(() => undefined);
    expect(sent).toEqual([]);
    await until(() => sent.length === 1);
    expect(file.stats.appended).toBe(200);
    expect(file.stats.syncs).toBeGreaterThanOrEqual(1);
    expect(file.stats.syncs).toBeLessThanOrEqual(2);
    // All 200 lines are in the file, as written by that one sync.
    expect(readFileSync(file.path, 'utf8').trim().split('\n')).toHaveLength(200);
    s.close();
  });

  it('replays a file whose last line was torn (power cut mid-append): the intact entries come back, the torn one is dropped, the file is clean again', async () => {
    const first = new OutboxFile(dir, 'NCS', 'lower');
    first.load();
    await Promise.all([first.added(1, stat('1')), first.added(2, stat('2')), first.added(3, stat('3'))]);
    first.done(1);
    first.close();
    const size = statSync(first.path).size;
    const lastLine = `${JSON.stringify({ d: 1 })}\n`.length;
    // Cut into the middle of entry 3's line (the done line for 1 goes too): what a power cut can leave.
    truncateSync(first.path, size - lastLine - 20);
    const second = new OutboxFile(dir, 'NCS', 'lower');
    expect(second.load().map((e) => e.messageId)).toEqual([1, 2]);
    expect(second.stats.tornLines).toBe(1);
    // Appends after the replay do not glue onto the torn fragment.
    await second.added(4, stat('4'));
    second.close();
    expect(readFileSync(second.path, 'utf8').split('\n').filter(Boolean).map((l) => Object.keys(JSON.parse(l) as object)[0])).toEqual(['a', 'a', 'a']);
    expect(new OutboxFile(dir, 'NCS', 'lower').load().map((e) => e.messageId)).toEqual([1, 2, 4]);
  });
});

describe('Coalescing while the NRCS is down (MOS 2.8.5 §3.7.2 roElementStat, §3.1.2 / §2.2 mosObj)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cutaway-coalesce-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const stat = (itemId: string, status: string): MosMessage => ({ type: 'roElementStat', element: 'ITEM', roId: 'R', storyId: 'S', itemId, status, time: '2026-12-06T18:00:00Z' });
  const obj = (status: 'NEW' | 'UPDATED' | 'DELETED', slug: string, extra: Record<string, unknown> = {}): MosMessage => ({ type: 'mosObj', obj: { objId: 'A1', objSlug: slug, status, mem: [], ...extra } });
  const replace = (itemId: string): MosMessage => ({ type: 'mosItemReplace', roId: 'R', storyId: 'S', item: { itemId, objId: 'A1', mosId: 'm', mem: [] } });
  const describeMsg = (m: MosMessage) =>
    m.type === 'roElementStat' ? `stat ${m.itemId} ${m.status}` : m.type === 'mosObj' ? `obj ${m.obj.status} ${m.obj.objSlug} ${m.obj.objDur ?? '-'}` : m.type === 'mosItemReplace' ? `replace ${m.item.itemId}` : m.type;

  it('keeps only the latest status per item and the latest object per objID, merged, in order; superseded requests settle with the one sent; the file holds only that', async () => {
    const events: string[] = [];
    const file = new OutboxFile(dir, 'NCS', 'upper', { maxLines: 50 });
    let next = 1;
    const s = new OutboundSession({
      ackTimeoutMs: 60_000, retries: 0, heartbeatMs: 0, takeId: () => next++, outbox: file,
      encode: (messageId, message) => Buffer.from(encode({ mosId: 'm', ncsId: 'n', messageId }, message)),
      onEvent: (e) => e.kind === 'coalesced' && events.push(`${e.messageId}->${e.by}`),
    });
    const answers: Array<Promise<MosMessage>> = [];
    answers.push(s.request(stat('1', 'NOT READY')));
    answers.push(s.request(obj('NEW', 'first', { objDur: 100 })));
    answers.push(s.request(replace('1')));
    for (let i = 0; i < 100; i++) {
      answers.push(s.request(stat('1', i % 2 ? 'READY' : 'NOT READY')));
      answers.push(s.request(stat('2', i % 2 ? 'NOT READY' : 'READY')));
      answers.push(s.request(obj('UPDATED', `title ${i}`)));
    }
    answers.push(s.request(replace('1')));
    await new Promise((r) => setTimeout(r, 100));
    expect(s.coalesced).toBe(299); // 100 of item 1, 99 of item 2, 100 of the object
    expect(events).toHaveLength(299);
    expect(s.queued).toBe(5);
    // The file was compacted along the way (maxLines 50) and holds the 5 pending entries.
    expect(readFileSync(file.path, 'utf8').split('\n').filter(Boolean).length).toBeLessThanOrEqual(50);
    expect(new OutboxFile(dir, 'NCS', 'upper').load().map((e) => describeMsg(e.message))).toEqual(['replace 1', 'stat 1 READY', 'stat 2 NOT READY', 'obj NEW title 99 100', 'replace 1']);

    const sent: Array<{ id: number | null; m: MosMessage }> = [];
    s.connected((b) => { const d = decode(b.toString()); sent.push({ id: d.envelope.messageId, m: d.message }); });
    const ackFor = (m: MosMessage): MosMessage => (m.type === 'mosObj' ? { type: 'mosAck', status: 'ACK' } : { type: 'roAck', roId: 'R', roStatus: 'OK', items: [] });
    for (let i = 0; i < 5; i++) {
      await until(() => sent.length === i + 1);
      s.onReply(sent[i]!.id, ackFor(sent[i]!.m));
    }
    // Item statuses go in the order their latest change came; the mosObj was NEW to the NRCS, so it stays NEW
    // with the latest fields and the objDur only the first one carried (§2.2: absent = unchanged).
    expect(sent.map((x) => describeMsg(x.m))).toEqual(['replace 1', 'stat 1 READY', 'stat 2 NOT READY', 'obj NEW title 99 100', 'replace 1']);
    const settled = await Promise.all(answers);
    expect(settled).toHaveLength(304);
    s.close();
  });

  it('coalesces a file written without coalescing on replay and rewrites it', () => {
    const lines = [] as string[];
    for (let i = 1; i <= 500; i++) lines.push(JSON.stringify({ a: i, m: stat(String(i % 5), i === 500 ? 'FINAL' : 'READY') }));
    lines.push(JSON.stringify({ a: 501, m: obj('UPDATED', 'x') }), JSON.stringify({ a: 502, m: obj('DELETED', '') }));
    const file = new OutboxFile(dir, 'NCS', 'upper');
    writeFileSync(file.path, `${lines.join('\n')}\n`);
    const s = new OutboundSession({ ackTimeoutMs: 1000, retries: 0, heartbeatMs: 0, takeId: () => 9999, outbox: file, encode: () => Buffer.alloc(0) });
    expect(s.restored).toBe(6);
    expect(s.coalesced).toBe(496);
    const replay = new OutboxFile(dir, 'NCS', 'upper').load();
    expect(replay.map((e) => [e.messageId, describeMsg(e.message)])).toEqual([[496, 'stat 1 READY'], [497, 'stat 2 READY'], [498, 'stat 3 READY'], [499, 'stat 4 READY'], [500, 'stat 0 FINAL'], [502, 'obj DELETED  -']]);
    expect(readFileSync(file.path, 'utf8').split('\n').filter(Boolean)).toHaveLength(6);
    s.close();
  });
});

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  for (const t0 = Date.now(); !ok(); ) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

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
