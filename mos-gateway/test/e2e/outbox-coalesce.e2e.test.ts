import { appendFileSync, openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared';
import type { IMOSRunningOrder } from '@mos-connection/model';
import type { MosMessage } from '../../src/codec/index';
import { freePort, mosTypes, s128, startNrcs, type FakeNrcs } from '../nrcs';
import { RawNrcsSocket } from '../raw-nrcs';
import { makeClip, startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * The NRCS is down for a long time while an asset used in a running order changes state again and again.
 * Real processes on 127.0.0.1 (platform-api, the gateway, later @mos-connection/connector as the NRCS):
 * the outgoing queue holds only the latest roElementStat per item and the latest mosObj per objID (MOS
 * 2.8.5 §3.7.2, §3.1.2/§2.2), its file stays small, survives a kill -9, and after the restart the NRCS
 * gets exactly those messages, each once, with the final state; the gateway logs how many it coalesced.
 */
const MOS_ID = 'cutaway.mam.coalesce.mos';
const NCS_ID = 'NRCS-COALESCE';
const TOGGLES = 4;
const TITLE_EDITS = 25;
const str = (s: unknown) => (s === undefined || s === null ? '' : mosTypes.mosString128.stringify(s as never));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('while the NRCS is down, state messages are coalesced and the queue file stays small', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc;
  let nrcs: FakeNrcs | undefined;
  let client: CutawayClient;
  let clip: Asset;
  let gwDir: string;
  const dirs: Array<{ cleanup: () => Promise<void> }> = [];
  const gwPorts = { lower: 0, upper: 0, query: 0 };
  const nrcsPorts = { lower: 0, upper: 0, query: 0 };

  const startGw = async () => {
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(nrcsPorts.lower), CUTAWAY_MOS_NCS_UPPER_PORT: String(nrcsPorts.upper),
      CUTAWAY_MOS_LOWER_PORT: String(gwPorts.lower), CUTAWAY_MOS_UPPER_PORT: String(gwPorts.upper), CUTAWAY_MOS_QUERY_PORT: String(gwPorts.query),
      CUTAWAY_MOS_HEARTBEAT_MS: '1000', CUTAWAY_MOS_ACK_TIMEOUT_MS: '3000', CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir,
    });
  };
  /** The file's entries; a torn last line (checked separately) is skipped here. */
  const outboxLines = (port: 'lower' | 'upper') => {
    const file = readdirSync(gwDir).find((f) => f.startsWith('outbox-') && f.endsWith(`-${port}.jsonl`));
    return file ? readFileSync(join(gwDir, file), 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as { a?: number; m?: MosMessage; d?: number }) : [];
  };
  const pending = (port: 'lower' | 'upper') => {
    const open = new Map<number, MosMessage>();
    for (const e of outboxLines(port)) {
      if (e.a !== undefined) open.set(e.a, e.m!);
      else open.delete(e.d!);
    }
    return [...open.values()];
  };
  const itemStatuses = async () => (await client.findRundown(NCS_ID, 'RO-C').catch(() => null))?.stories[0]?.items.map((i) => i.status) ?? [];
  const waitStatuses = async (want: string) => {
    for (let i = 0; i < 300; i++) {
      const s = await itemStatuses();
      if (s.length === 2 && s.every((x) => x === want)) return;
      await sleep(100);
    }
    throw new Error(`items not ${want}: ${JSON.stringify(await itemStatuses())}\n${gateway.logs.slice(-10).join('\n')}`);
  };

  beforeAll(async () => {
    const [apiDir, gw, mediaDir] = [await tempDir('co-api'), await tempDir('co-gw'), await tempDir('co-media')];
    dirs.push(apiDir, gw, mediaDir);
    gwDir = gw.dir;
    api = await startPlatformApi(apiDir.dir, { CUTAWAY_TIER_ARCHIVE_RESTORE_MS: '0' });
    client = new CutawayClient({ baseUrl: api.url, token: api.token });
    await makeClip(`${mediaDir.dir}/c.mp4`, 2, 25);
    const up = await client.uploadAsset(await openAsBlob(`${mediaDir.dir}/c.mp4`), { fileName: 'c.mp4', title: 'COALESCE 0' });
    for (let i = 0; i < 300 && (await client.getAsset(up.id)).status !== 'ready'; i++) await sleep(200);
    clip = await client.getAsset(up.id);
    expect(clip.status).toBe('ready');
    Object.assign(gwPorts, { lower: await freePort(), upper: await freePort(), query: await freePort() });
    Object.assign(nrcsPorts, { lower: await freePort(), upper: await freePort(), query: await freePort() });
    await startGw(); // the NRCS is not there
  }, 180_000);

  afterAll(async () => {
    await nrcs?.close();
    await gateway?.stop();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  it('many status changes and edits while the NRCS is down leave one message per item and object; after kill -9 and the NRCS back, each arrives once with the final state', async () => {
    const raw = await RawNrcsSocket.open(gwPorts.upper, { mosId: MOS_ID, ncsId: NCS_ID });
    const ro: MosMessage = {
      type: 'roCreate',
      ro: { roId: 'RO-C', roSlug: 'COALESCE SHOW', mem: [], stories: [{ storyId: 'S1', mem: [], items: [{ itemId: '1', objId: clip.id, mosId: MOS_ID, mem: [] }, { itemId: '2', objId: clip.id, mosId: MOS_ID, mem: [] }] }] },
    };
    expect((await raw.send(raw.bytes(950_001, ro))).message).toMatchObject({ roStatus: 'OK' });
    raw.close();
    await waitStatuses('READY');

    // Status flips: archived (NOT READY) and restored (READY), each one seen by the gateway.
    // (Archive → restore → the restored copy is readable → back to nearline, which needs no restore.)
    for (let i = 0; i < TOGGLES; i++) {
      await client.setTier(clip.id, 'archive');
      await waitStatuses('NOT READY');
      await client.restore(clip.id);
      await waitStatuses('READY');
      await client.setTier(clip.id, 'nearline');
      for (let t = 0; t < 300; t++) {
        const a = await client.getAsset(clip.id);
        if (a.storageTier === 'nearline' && !a.tierMove) break;
        await sleep(100);
      }
    }
    await client.setTier(clip.id, 'archive');
    await waitStatuses('NOT READY');
    // Title edits: one mosObj UPDATED each.
    for (let i = 1; i <= TITLE_EDITS; i++) await client.patchAsset(clip.id, { title: `COALESCE ${i}` });
    const finalTitle = `COALESCE ${TITLE_EDITS}`;
    const objOf = (ms: MosMessage[]) => ms.filter((m): m is Extract<MosMessage, { type: 'mosObj' }> => m.type === 'mosObj' && m.obj.objId === clip.id);
    for (let i = 0; i < 200 && !objOf(pending('lower')).some((m) => m.obj.objSlug === finalTitle); i++) await sleep(100);

    // Upper: exactly one status per item, the latest (NOT READY); lower: one mosObj for the clip, the latest title.
    const upper = pending('upper');
    expect(upper.map((m) => m.type === 'roElementStat' && `${m.itemId} ${m.status}`)).toEqual(['1 NOT READY', '2 NOT READY']);
    const objs = objOf(pending('lower'));
    expect(objs).toHaveLength(1);
    expect(objs[0]!.obj).toMatchObject({ objSlug: finalTitle, status: 'UPDATED', objAir: 'NOT READY' });
    // 2 items × (1 + 2 × TOGGLES + 1) statuses and 2 × TOGGLES + 1 + TITLE_EDITS objects were queued; the files
    // hold an add and a done line per superseded one at most, compacted on replay below.
    expect(outboxLines('upper').length).toBeLessThanOrEqual(2 * 2 * (2 * TOGGLES + 2));

    const firstRun = gateway;
    await gateway.kill9();
    // What a power cut in the middle of an append leaves: half a line at the end of the file.
    const upperFile = join(gwDir, readdirSync(gwDir).find((f) => f.startsWith('outbox-') && f.endsWith('-upper.jsonl'))!);
    appendFileSync(upperFile, '{"a":123456,"m":{"type":"roElementStat","element":"IT');
    await startGw();
    expect(gateway.logs.some((l) => l.includes('unreadable lines dropped on replay') && l.includes('"tornLines":1'))).toBe(true);
    expect(gateway.logs.some((l) => l.includes('unanswered messages from the last run queued again'))).toBe(true);
    // Replay compacted the files to what is pending.
    expect(outboxLines('upper')).toHaveLength(2);
    expect(outboxLines('lower').filter((e) => e.a !== undefined && e.m?.type === 'mosObj' && e.m.obj.objId === clip.id)).toHaveLength(1);

    const held: IMOSRunningOrder = { ID: s128('RO-C'), Slug: s128('COALESCE SHOW'), Stories: [{ ID: s128('S1'), Slug: s128(''), Items: [{ ID: s128('1'), ObjectID: s128(clip.id), MOSID: MOS_ID, Slug: s128('') }, { ID: s128('2'), ObjectID: s128(clip.id), MOSID: MOS_ID, Slug: s128('') }] }] };
    nrcs = await startNrcs({ gatewayMosId: MOS_ID, ncsId: NCS_ID, gateway: gwPorts, ports: nrcsPorts, heartbeatMs: 1000, runningOrders: [['RO-C', held]] });
    await nrcs.waitFor(() => nrcs!.itemStatuses.length >= 2, 60_000, 'the item statuses');
    await nrcs.waitFor(() => nrcs!.objects.some((o) => str(o.ID) === clip.id), 60_000, 'the mosObj');
    await sleep(4000); // a duplicate or an older state would arrive within the ack timeout (3 s)
    expect(nrcs.itemStatuses.map((s) => `${str(s.ID)} ${s.Status}`)).toEqual(['1 NOT READY', '2 NOT READY']);
    const got = nrcs.objects.filter((o) => str(o.ID) === clip.id);
    expect(got.map((o) => `${str(o.Slug)} ${o.AirStatus}`)).toEqual([`${finalTitle} NOT READY`]);
    await nrcs.waitFor(() => pending('upper').length + pending('lower').length === 0, 20_000, 'outbox settled');
    // Counted and logged when the NRCS came back: per port, how many were coalesced.
    // Counted and logged while it happened (at 1, 10, 100 … per port), in the run that coalesced.
    const counted = firstRun.logs.filter((l) => l.includes('state messages coalesced while waiting')).map((l) => JSON.parse(l) as { port: string; coalescedTotal: number });
    expect(counted.filter((c) => c.port === 'upper').map((c) => c.coalescedTotal)).toEqual([1, 10]);
    expect(counted.filter((c) => c.port === 'lower').map((c) => c.coalescedTotal)).toEqual([1, 10]);
  }, 300_000);
});
