import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared';
import type { IMOSItem, IMOSROStory, IMOSRunningOrder } from '@mos-connection/model';
import type { MosMessage, MosStory } from '../../src/codec/index';
import { freePort, mosTypes, s128, startNrcs, type FakeNrcs } from '../nrcs';
import { RawNrcsSocket } from '../raw-nrcs';
import { makeClip, startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * Issue 9, what must survive a gateway restart, with real processes on 127.0.0.1 (platform-api, the gateway
 * restarted with SIGTERM or killed with SIGKILL, @mos-connection/connector as the NRCS):
 *  - start-up resync: roReqAll → roListAll, roReq each; running orders the NRCS dropped are deleted, changed
 *    ones replaced, unchanged ones left alone (MOS 2.8.5 §3.5, Profile 4);
 *  - a resend after a lost ack (same messageID, same document) is acknowledged again and applied once, also
 *    across a kill -9 (MOS 2.8.5 §4.1.6) — driven by a bare socket, since only it can choose messageIDs;
 *  - device-initiated messages not yet acknowledged survive a kill -9 and go out after the restart, in order, once.
 */
const MOS_ID = 'cutaway.mam.restart.mos';
const NCS_ID = 'NRCS-RESTART';
const str = (s: unknown) => (s === undefined || s === null ? '' : mosTypes.mosString128.stringify(s as never));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MOS gateway restarts: resync, de-duplication, durable outbox', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc;
  let nrcs: FakeNrcs;
  let client: CutawayClient;
  let clipA: Asset;
  let clipB: Asset;
  let gwDir: string;
  let media: string;
  const dirs: Array<{ cleanup: () => Promise<void> }> = [];
  const gwPorts = { lower: 0, upper: 0, query: 0 };
  const nrcsPorts = { lower: 0, upper: 0, query: 0 };

  const item = (id: string, objId: string): IMOSItem => ({ ID: s128(id), ObjectID: s128(objId), MOSID: MOS_ID, Slug: s128(`ITEM ${id}`) });
  const story = (id: string, items: IMOSItem[] = []): IMOSROStory => ({ ID: s128(id), Slug: s128(`STORY ${id}`), Items: items });
  const runningOrder = (id: string, stories: IMOSROStory[]): IMOSRunningOrder => ({ ID: s128(id), Slug: s128(`SHOW ${id}`), Stories: stories });

  const startGw = async () => {
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(nrcsPorts.lower), CUTAWAY_MOS_NCS_UPPER_PORT: String(nrcsPorts.upper),
      CUTAWAY_MOS_LOWER_PORT: String(gwPorts.lower), CUTAWAY_MOS_UPPER_PORT: String(gwPorts.upper), CUTAWAY_MOS_QUERY_PORT: String(gwPorts.query),
      CUTAWAY_MOS_HEARTBEAT_MS: '1000', CUTAWAY_MOS_ACK_TIMEOUT_MS: '3000', CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir,
    });
  };
  /** The NRCS (again), holding these running orders from the moment it listens. */
  const startNrcsHere = async (runningOrders: Iterable<[string, IMOSRunningOrder]> = []) => {
    nrcs = await startNrcs({ gatewayMosId: MOS_ID, ncsId: NCS_ID, gateway: gwPorts, ports: nrcsPorts, heartbeatMs: 1000, runningOrders });
  };
  const connected = () => nrcs.waitFor(() => nrcs.device.getConnectionStatus().PrimaryConnected, 30_000, 'primary connected');
  const resynced = (g: Proc) => nrcs.waitFor(() => g.logs.find((l) => l.includes('running orders resynced')), 30_000, 'resync logged').then((l) => JSON.parse(l) as { replaced: string[]; unchanged: number; deleted: string[] });
  const rundown = (roId: string) => client.findRundown(NCS_ID, roId).catch(() => null);
  const waitRundown = async (roId: string, ok: (r: Awaited<ReturnType<CutawayClient['findRundown']>> | null) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const r = await rundown(roId);
      if (ok(r)) return r;
      await sleep(100);
    }
    throw new Error(`rundown ${roId} not as expected: ${JSON.stringify(await rundown(roId))?.slice(0, 800)}`);
  };

  beforeAll(async () => {
    const [apiDir, gw, mediaDir] = [await tempDir('rs-api'), await tempDir('rs-gw'), await tempDir('rs-media')];
    dirs.push(apiDir, gw, mediaDir);
    gwDir = gw.dir;
    media = mediaDir.dir;
    api = await startPlatformApi(apiDir.dir);
    client = new CutawayClient({ baseUrl: api.url, token: api.token });
    const ingest = async (name: string, title: string) => {
      await makeClip(`${media}/${name}`, 2, 25);
      const up = await client.uploadAsset(await openAsBlob(`${media}/${name}`), { fileName: name, title });
      for (let i = 0; i < 300 && (await client.getAsset(up.id)).status !== 'ready'; i++) await sleep(200);
      return client.getAsset(up.id);
    };
    clipA = await ingest('a.mp4', 'HARBOR A');
    clipB = await ingest('b.mp4', 'HARBOR B');
    Object.assign(gwPorts, { lower: await freePort(), upper: await freePort(), query: await freePort() });
    Object.assign(nrcsPorts, { lower: await freePort(), upper: await freePort(), query: await freePort() });
    await startGw();
    await startNrcsHere();
    await connected();
  }, 180_000);

  afterAll(async () => {
    await nrcs?.close();
    await gateway?.stop();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  it('after a restart the gateway asks for the running orders and reconciles: dropped ones deleted, changed ones replaced, unchanged ones untouched', async () => {
    const ros = [runningOrder('RO-1', [story('S1', [item('1', clipA.id)])]), runningOrder('RO-2', [story('S1')]), runningOrder('RO-3', [story('S1')])];
    for (const ro of ros) {
      expect(str((await nrcs.device.sendCreateRunningOrder(ro)).Status)).toBe('OK');
      nrcs.runningOrders.set(str(ro.ID), ro);
    }
    for (const ro of ros) await waitRundown(str(ro.ID), (r) => r !== null);
    // RO-1's item status is stored with it (READY), so the restart has nothing new to tell.
    const before = await waitRundown('RO-1', (r) => r?.stories[0]?.items[0]?.status === 'READY');

    await gateway.stop();
    // While the gateway is down the NRCS drops RO-2 and adds a story to RO-3; platform-api holds a running
    // order of this NRCS that neither side knows any more (say, from a gateway whose data directory was lost).
    nrcs.runningOrders.delete('RO-2');
    nrcs.runningOrders.set('RO-3', runningOrder('RO-3', [story('S1'), story('S2', [item('1', clipB.id)])]));
    await client.putRundown({ ncsId: NCS_ID, mosId: MOS_ID, nrcs: 'other', roId: 'GHOST', slug: 'OLD SHOW', channel: null, airTime: null, durationMs: null, air: null, stories: [] });

    await startGw();
    const report = await resynced(gateway);
    expect(report.replaced).toEqual(['RO-3']);
    expect(report.unchanged).toBe(1);
    expect([...report.deleted].sort()).toEqual(['GHOST', 'RO-2']);
    await waitRundown('RO-2', (r) => r === null);
    await waitRundown('GHOST', (r) => r === null);
    const ro3 = await waitRundown('RO-3', (r) => r?.stories.length === 2);
    expect(ro3!.stories[1]!.items[0]!.assetId).toBe(clipB.id);
    // RO-1 is as it was (the journal replay writes it once more at start; the resync found nothing to change).
    const ro1 = await rundown('RO-1');
    expect(ro1!.stories).toEqual(before!.stories);
    await connected();
  }, 120_000);

  it('a message resent under the same messageID after a lost ack is acknowledged again and applied once — also across a kill -9', async () => {
    const raw = await RawNrcsSocket.open(gwPorts.upper, { mosId: MOS_ID, ncsId: NCS_ID });
    const insert = (id: string): MosMessage => ({ type: 'roElementAction', operation: 'INSERT', roId: 'RO-1', target: {}, source: { stories: [{ storyId: id, storySlug: `STORY ${id}`, mem: [], items: [] } satisfies MosStory] } });
    const storyIds = async () => (await rundown('RO-1'))!.stories.map((s) => s.storyId);
    const ok = (r: { messageId: number | null; message: MosMessage }, id: number) => {
      expect(r.messageId).toBe(id);
      expect(r.message).toMatchObject({ type: 'roAck', roId: 'RO-1', roStatus: 'OK' });
    };

    const first = raw.bytes(900_001, insert('D1'));
    ok(await raw.send(first), 900_001);
    ok(await raw.send(first), 900_001); // the NRCS did not get the ack and sends the very same message again
    await waitRundown('RO-1', (r) => r?.stories.some((s) => s.storyId === 'D1') ?? false);
    // Same messageID, other content: an NRCS that restarted its counter — a new message, applied.
    ok(await raw.send(raw.bytes(900_001, insert('D2'))), 900_001);
    await waitRundown('RO-1', (r) => r?.stories.some((s) => s.storyId === 'D2') ?? false);
    expect(await storyIds()).toEqual(['S1', 'D1', 'D2']);
    expect(gateway.logs.filter((l) => l.includes('resent message acknowledged again'))).toHaveLength(1);

    // Acknowledged, then the gateway dies before the NRCS read the ack: the resend goes to the new process.
    const third = raw.bytes(900_002, insert('D3'));
    ok(await raw.send(third), 900_002);
    raw.close();
    // The NRCS holds what it sent (the restart's resync compares with it).
    nrcs.runningOrders.set('RO-1', runningOrder('RO-1', [story('S1', [item('1', clipA.id)]), story('D1'), story('D2'), story('D3')]));
    await gateway.kill9();
    await startGw();
    const again = await RawNrcsSocket.open(gwPorts.upper, { mosId: MOS_ID, ncsId: NCS_ID });
    ok(await again.send(third), 900_002);
    again.close();
    await waitRundown('RO-1', (r) => r?.stories.some((s) => s.storyId === 'D3') ?? false);
    await sleep(800); // a double application would show in the next push
    expect(await storyIds()).toEqual(['S1', 'D1', 'D2', 'D3']);
    expect(gateway.logs.some((l) => l.includes('resent message acknowledged again'))).toBe(true);
    await resynced(gateway);
    expect(await storyIds()).toEqual(['S1', 'D1', 'D2', 'D3']);
  }, 120_000);

  it('device-initiated messages not yet acknowledged survive a kill -9 and are sent after the restart, in order, once', async () => {
    // The NRCS goes away: the gateway cannot deliver, so its notifications wait in the outbox.
    await nrcs.close();
    const raw = await RawNrcsSocket.open(gwPorts.upper, { mosId: MOS_ID, ncsId: NCS_ID });
    const roQ: MosMessage = {
      type: 'roCreate',
      ro: { roId: 'RO-Q', roSlug: 'QUEUE SHOW', mem: [], stories: [{ storyId: 'Q1', mem: [], items: [{ itemId: '1', objId: clipA.id, mosId: MOS_ID, mem: [] }, { itemId: '2', objId: clipB.id, mosId: MOS_ID, mem: [] }] }] },
    };
    expect((await raw.send(raw.bytes(910_001, roQ))).message).toMatchObject({ roStatus: 'OK' });
    raw.close();
    await makeClip(`${media}/c.mp4`, 2, 25);
    const clipC = await client.uploadAsset(await openAsBlob(`${media}/c.mp4`), { fileName: 'c.mp4', title: 'HARBOR C' });

    // Wait until both item statuses and the new asset's NEW + UPDATED (ready) are queued, and the statuses are stored.
    const pending = (port: 'lower' | 'upper') => {
      const file = readdirSync(gwDir).find((f) => f.startsWith('outbox-') && f.endsWith(`-${port}.jsonl`));
      const open = new Map<number, MosMessage>();
      for (const line of file ? readFileSync(join(gwDir, file), 'utf8').split('\n') : []) {
        if (!line) continue;
        const e = JSON.parse(line) as { a?: number; m?: MosMessage; d?: number };
        if (e.a !== undefined) open.set(e.a, e.m!);
        else open.delete(e.d!);
      }
      return [...open].map(([id, m]) => ({ id, m }));
    };
    const isReadyObj = (m: MosMessage) => m.type === 'mosObj' && m.obj.objId === clipC.id && m.obj.objAir === 'READY';
    for (let i = 0; i < 300 && !(pending('upper').length >= 2 && pending('lower').some((p) => isReadyObj(p.m))); i++) await sleep(200);
    await waitRundown('RO-Q', (r) => r?.stories[0]?.items.every((it) => it.status === 'READY') ?? false);
    const upper = pending('upper').filter((p) => p.m.type === 'roElementStat');
    const lower = pending('lower').filter((p) => p.m.type === 'mosObj');
    expect(upper.map((p) => p.m.type === 'roElementStat' && [p.m.itemId, p.m.status])).toEqual([['1', 'READY'], ['2', 'READY']]);
    expect(lower.some((p) => p.m.type === 'mosObj' && p.m.obj.status === 'NEW')).toBe(true);

    await gateway.kill9();
    // The NRCS is back first (as after a network outage), then the gateway process.
    const held = new Map(nrcs.runningOrders);
    held.set('RO-Q', runningOrder('RO-Q', [story('Q1', [item('1', clipA.id), item('2', clipB.id)])]));
    await startNrcsHere(held);
    await startGw();
    expect(gateway.logs.some((l) => l.includes('unanswered messages from the last run queued again'))).toBe(true);

    const statusKey = (s: { ID: unknown; Status: string }) => `${str(s.ID)} ${s.Status}`;
    await nrcs.waitFor(() => nrcs.itemStatuses.length >= upper.length, 30_000, 'the queued item statuses');
    await nrcs.waitFor(() => nrcs.objects.length >= lower.length, 30_000, 'the queued mosObj');
    await sleep(4000); // a resend or duplicate would arrive within the ack timeout (3 s)
    const expectedStatuses = upper.map((p) => p.m.type === 'roElementStat' && `${p.m.itemId} ${p.m.status}`);
    expect(nrcs.itemStatuses.filter((s) => str(s.RunningOrderId) === 'RO-Q').map(statusKey)).toEqual(expectedStatuses);
    const expectedObjects = lower.map((p) => p.m.type === 'mosObj' && `${p.m.obj.objId} ${p.m.obj.status}`);
    expect(nrcs.objects.map((o) => `${str(o.ID)} ${o.Status}`)).toEqual(expectedObjects);
    // Everything answered: nothing left in the outbox.
    await nrcs.waitFor(() => pending('upper').length + pending('lower').length === 0, 20_000, 'outbox settled');
    // The restart's resync found the NRCS's running orders as the gateway has them: nothing deleted.
    expect((await resynced(gateway)).deleted).toEqual([]);
    expect(await rundown('RO-Q')).not.toBeNull();
  }, 180_000);

  it('when the NRCS restarts (the gateway keeps running) the gateway resyncs as its connection comes back', async () => {
    const resyncsBefore = gateway.logs.filter((l) => l.includes('running orders resynced')).length;
    const kept = new Map(nrcs.runningOrders);
    await nrcs.close();
    // The NRCS comes back without RO-Q (dropped while it was down); everything else as before.
    kept.delete('RO-Q');
    await startNrcsHere(kept);
    await nrcs.waitFor(() => gateway.logs.filter((l) => l.includes('running orders resynced')).length > resyncsBefore, 60_000, 'a second resync');
    const line = JSON.parse(gateway.logs.filter((l) => l.includes('running orders resynced')).at(-1)!) as { deleted: string[] };
    expect(line.deleted).toEqual(['RO-Q']);
    await waitRundown('RO-Q', (r) => r === null);
    expect(await rundown('RO-1')).not.toBeNull();
  }, 120_000);
});
