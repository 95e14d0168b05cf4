import { openAsBlob } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { Asset } from '@cutaway/shared';
import { IMOSObjectType, type IMOSItem, type IMOSObject, type IMOSROStory, type IMOSRunningOrder } from '@mos-connection/model';
import { CUTAWAY_SCHEMA } from '../../src/sync/objects';
import { freePort, mosTypes, s128, startNrcs, type FakeNrcs } from '../nrcs';
import { makeClip, startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * Issue 9, the rest of Profiles 3 and 4 end to end on 127.0.0.1: @mos-connection/connector plays the NRCS
 * against the gateway and platform-api processes. mosObjCreate → placeholder → filled by ingest; the query
 * port answered by Cutaway search with moments; roStorySend, roReplace, roMetadataReplace; mosObj pushes for
 * created / ready / tier change / deleted; NOT READY with its reason while an original is archived and its
 * restore will miss the running order's air time (issue 13).
 */
const MOS_ID = 'cutaway.mam.p3.mos';
const NCS_ID = 'NRCS-P3';
const str = (s: unknown) => (s === undefined || s === null ? '' : mosTypes.mosString128.stringify(s as never));
const text = (v: unknown): string => JSON.stringify(v ?? '');

describe('MOS Profiles 3/4 end to end: connector NRCS ↔ gateway process ↔ platform-api process', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc & { ports: { lower: number; upper: number; query: number } };
  let nrcs: FakeNrcs;
  let client: CutawayClient;
  let harbor: Asset;
  let media: string;
  const dirs: Array<{ cleanup: () => Promise<void> }> = [];

  const item = (id: string, objId: string, over: Partial<IMOSItem> = {}): IMOSItem => ({ ID: s128(id), ObjectID: s128(objId), MOSID: MOS_ID, Slug: s128(`ITEM ${id}`), ...over });
  const story = (id: string, slug: string, items: IMOSItem[]): IMOSROStory => ({ ID: s128(id), Slug: s128(slug), Items: items });
  const objectsOf = (id: string) => nrcs.objects.filter((o) => str(o.ID) === id);
  const warnings = () => gateway.logs.filter((l) => /"level":(40|50)/.test(l)).slice(-10).join('\n');

  beforeAll(async () => {
    const [apiDir, gwDir, mediaDir] = [await tempDir('p3-api'), await tempDir('p3-gw'), await tempDir('p3-media')];
    dirs.push(apiDir, gwDir, mediaDir);
    media = mediaDir.dir;
    // OCR gives the clip a time-coded moment (the burnt-in caption, 1 s–3 s); an archive restore takes 3 h,
    // so a running order airing in 30 min cannot be served from the archive in time.
    api = await startPlatformApi(apiDir.dir, {
      CUTAWAY_ENRICH: 'on', CUTAWAY_ENRICH_SPEECH: 'off', CUTAWAY_ENRICH_EMBEDDINGS: 'off', CUTAWAY_ENRICH_INSIGHTS: 'off', CUTAWAY_ENRICH_OCR: 'local',
      CUTAWAY_TIER_ARCHIVE_RESTORE_MS: String(3 * 3600_000),
    });
    client = new CutawayClient({ baseUrl: api.url, token: api.token });
    await makeClip(`${media}/harbor.mp4`, 5, 25, { text: 'HARBOR BRIDGE CLOSED', fromS: 1, toS: 3 });
    const up = await client.uploadAsset(await openAsBlob(`${media}/harbor.mp4`), { fileName: 'harbor.mp4', title: 'Storm at the harbour', tags: ['harbour'] });
    for (let i = 0; i < 600; i++) {
      if ((await client.moments(up.id, 'ocr').catch(() => [])).length && (await client.getAsset(up.id)).status === 'ready') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    harbor = await client.getAsset(up.id);
    expect(harbor.status).toBe('ready');

    const nrcsPorts = { lower: await freePort(), upper: await freePort(), query: await freePort() };
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(nrcsPorts.lower), CUTAWAY_MOS_NCS_UPPER_PORT: String(nrcsPorts.upper),
      CUTAWAY_MOS_HEARTBEAT_MS: '1000', CUTAWAY_MOS_ACK_TIMEOUT_MS: '3000', CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir.dir,
    });
    nrcs = await startNrcs({ gatewayMosId: MOS_ID, ncsId: NCS_ID, gateway: gateway.ports, ports: nrcsPorts, heartbeatMs: 1000 });
    await nrcs.waitFor(() => nrcs.device.getConnectionStatus().PrimaryConnected, 20_000, 'primary connected');
  }, 240_000);

  afterAll(async () => {
    await nrcs?.close();
    await gateway?.stop();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  it('mosObjCreate makes a placeholder asset: ACK with its objID, mosObj NEW NOT READY; an ingest fills it and mosObj UPDATED says READY', async () => {
    const request: IMOSObject = { Slug: s128('FERRY STRIKE'), Type: IMOSObjectType.VIDEO, TimeBase: 25, Duration: 250 };
    const ack = await nrcs.device.sendObjectCreate(request);
    expect(ack.Status).toBe('ACK');
    // MOS 2.8.5 §3.2.1: success is an ACK carrying the new objID.
    const objId = str(ack.Description);
    const created = await client.getAsset(objId);
    expect(created).toMatchObject({ title: 'FERRY STRIKE', status: 'placeholder', type: 'video' });
    const fresh = await nrcs.waitFor(() => objectsOf(objId).find((o) => o.Status === 'NEW'), 20_000, 'mosObj NEW for the placeholder');
    expect(fresh.AirStatus).toBe('NOT READY');
    expect(text(fresh.Description)).toMatch(/NOT READY: placeholder/);

    await makeClip(`${media}/ferry.mp4`, 2, 25);
    await client.attachOriginal(objId, await openAsBlob(`${media}/ferry.mp4`), 'ferry.mp4');
    const filled = await nrcs.waitFor(() => objectsOf(objId).find((o) => o.Status === 'UPDATED' && o.AirStatus === 'READY'), 60_000, 'mosObj UPDATED READY after ingest').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${warnings()}`);
    });
    expect(filled.Duration).toBe(50); // 2 s at 25 fps
    expect(filled.TimeBase).toBe(25);
    expect(filled.Paths?.find((p) => p.Type === 'PATH')?.Target).toMatch(/\/original\/ferry\.mp4$/);
    // The same messageID is never applied twice, but a new mosObjCreate is a new placeholder.
    const second = await nrcs.device.sendObjectCreate({ ...request, Slug: s128('FERRY STRIKE 2') });
    expect(str(second.Description)).not.toBe(objId);
  }, 120_000);

  it('mosReqSearchableSchema names Cutaway\'s schema; mosReqObjList → mosObjList from Cutaway search, with the moments in mosExternalMetadata', async () => {
    const schema = await nrcs.device.sendRequestSearchableSchema('journalist');
    expect(schema.mosSchema).toBe(CUTAWAY_SCHEMA);
    // connector 4.1.1 throws on exactly one searchGroup (mos.md §5 finding 3): a general search with none.
    const list = await nrcs.device.sendRequestObjectList({
      username: 'journalist', queryID: s128('Q-1'), listReturnStart: 1, listReturnEnd: 10, generalSearch: s128('harbor bridge closed'), mosSchema: CUTAWAY_SCHEMA, searchGroups: [],
    });
    expect(String(list.queryID)).toBe('Q-1');
    const hit = (list.list ?? []).find((o) => str(o.ID) === harbor.id);
    expect(hit, JSON.stringify(list).slice(0, 2000)).toBeDefined();
    expect(list.listReturnStart).toBe(1);
    expect(list.listReturnTotal).toBeGreaterThanOrEqual(1);
    expect(hit!.AirStatus).toBe('READY');
    const mem = hit!.MosExternalMetaData?.find((m) => m.MosSchema === CUTAWAY_SCHEMA);
    // The OCR moment of the caption (1 s–3 s, within OCR's sampling step) travels with the object.
    const payload = text(mem?.MosPayload);
    expect(payload).toMatch(/HARBOR BRIDGE CLOSED/i);
    const start = Number(/"startMs":"?(\d+)/.exec(payload)?.[1] ?? NaN);
    expect(start).toBeGreaterThanOrEqual(500);
    expect(start).toBeLessThanOrEqual(1500);
    // Nothing matches → an empty list, not an error.
    const none = await nrcs.device.sendRequestObjectList({ username: 'journalist', queryID: s128('Q-2'), listReturnStart: 1, listReturnEnd: 10, generalSearch: s128('zebra xylophone quartet'), mosSchema: CUTAWAY_SCHEMA, searchGroups: [] });
    expect(none.list ?? []).toHaveLength(0);
  }, 60_000);

  it('roStorySend fills a story, roReplace replaces the running order, roMetadataReplace changes its header and keeps the stories — every roAck OK', async () => {
    const roId = 'SHOW.10PM;RUNDOWN';
    const ro: IMOSRunningOrder = {
      ID: s128(roId), Slug: s128('10PM NEWS'), EditorialStart: mosTypes.mosTime.create(Date.now() + 5 * 3600_000), EditorialDuration: mosTypes.mosDuration.create('00:30:00'),
      Stories: [story('S1', 'HARBOR', []), story('S2', 'WEATHER', [])],
    };
    expect(str((await nrcs.device.sendCreateRunningOrder(ro)).Status)).toBe('OK');
    // Profile 4 roStorySend: the full story body; its storyItems become the story's items.
    const sent = await nrcs.device.sendRunningOrderStory({
      ID: s128('S1'), Slug: s128('HARBOR BRIDGE'), RunningOrderId: s128(roId),
      Body: [
        { Type: 'p', Content: 'The bridge is closed.' },
        { Type: 'storyItem', Content: item('7', harbor.id, { EditorialStart: 25, EditorialDuration: 50, ObjectSlug: s128('Storm at the harbour') }) },
      ],
    });
    expect(str(sent.Status)).toBe('OK');
    let r = await waitRundown(client, NCS_ID, roId, (x) => x.stories[0]?.items.length === 1);
    expect(r.stories.map((s) => [s.storyId, s.slug, s.items.map((i) => [i.itemId, i.assetId, i.inMs, i.outMs])])).toEqual([
      ['S1', 'HARBOR BRIDGE', [['7', harbor.id, 1000, 3000]]],
      ['S2', 'WEATHER', []],
    ]);

    const replaced = await nrcs.device.sendReplaceRunningOrder({ ...ro, Slug: s128('10PM NEWS (late)'), Stories: [story('S9', 'TOP', [item('1', harbor.id)]), story('S2', 'WEATHER', [])] });
    expect(str(replaced.Status)).toBe('OK');
    r = await waitRundown(client, NCS_ID, roId, (x) => x.stories[0]?.storyId === 'S9');
    expect(r.slug).toBe('10PM NEWS (late)');
    expect(r.stories.map((s) => s.storyId)).toEqual(['S9', 'S2']);

    const air = new Date(Date.now() + 6 * 3600_000);
    const meta = await nrcs.device.sendMetadataReplace({ ID: s128(roId), Slug: s128('10PM NEWS SPECIAL'), EditorialStart: mosTypes.mosTime.create(air.getTime()), EditorialDuration: mosTypes.mosDuration.create('01:00:00') });
    expect(str(meta.Status)).toBe('OK');
    r = await waitRundown(client, NCS_ID, roId, (x) => x.slug === '10PM NEWS SPECIAL');
    expect(r.durationMs).toBe(3_600_000);
    expect(Math.abs(Date.parse(r.airTime!) - air.getTime())).toBeLessThan(1500);
    expect(r.stories.map((s) => s.storyId)).toEqual(['S9', 'S2']);
    // roMetadataReplace of an unknown running order is refused (MOS 2.8.5 §3.4.4).
    const unknown = await nrcs.device.sendMetadataReplace({ ID: s128('NO-SUCH-RO'), Slug: s128('X') });
    expect(str(unknown.Status)).toMatch(/Unknown running order NO-SUCH-RO/);
    expect(str((await nrcs.device.sendDeleteRunningOrder(s128(roId))).Status)).toBe('OK');
  }, 60_000);

  it('mosObj pushes follow the asset: NEW when created, UPDATED when ready and when its tier changes, DELETED when deleted', async () => {
    await makeClip(`${media}/pier.mp4`, 2, 25);
    const up = await client.uploadAsset(await openAsBlob(`${media}/pier.mp4`), { fileName: 'pier.mp4', title: 'Pier at dawn' });
    await nrcs.waitFor(() => objectsOf(up.id).find((o) => o.Status === 'UPDATED' && o.AirStatus === 'READY'), 60_000, 'UPDATED READY');
    expect(objectsOf(up.id)[0]?.Status).toBe('NEW');
    const before = objectsOf(up.id).length;
    await client.setTier(up.id, 'nearline');
    const moved = await nrcs.waitFor(() => objectsOf(up.id).slice(before).find((o) => text(o.MosExternalMetaData).includes('nearline')), 20_000, 'UPDATED with tier nearline');
    expect(moved.Status).toBe('UPDATED');
    expect(moved.AirStatus).toBe('READY'); // nearline is readable at once
    await client.deleteAsset(up.id);
    await nrcs.waitFor(() => objectsOf(up.id).find((o) => o.Status === 'DELETED'), 20_000, 'DELETED');
  }, 90_000);

  it('an archived original turns the item NOT READY; a restore that will miss air time says why (objAir NOT READY, description and metadata carry the reason)', async () => {
    const roId = 'SHOW.EARLY;RUNDOWN';
    const ro: IMOSRunningOrder = {
      ID: s128(roId), Slug: s128('EARLY NEWS'), EditorialStart: mosTypes.mosTime.create(Date.now() + 30 * 60_000), EditorialDuration: mosTypes.mosDuration.create('00:30:00'),
      Stories: [story('A1', 'HARBOR BRIDGE', [item('1', harbor.id)])],
    };
    expect(str((await nrcs.device.sendCreateRunningOrder(ro)).Status)).toBe('OK');
    await nrcs.waitFor(() => nrcs.itemStatuses.find((s) => str(s.RunningOrderId) === roId && s.Status === 'READY'), 20_000, 'READY first');

    const before = objectsOf(harbor.id).length;
    await client.setTier(harbor.id, 'archive');
    // roElementStat has no reason field (MOS 2.8.5 §3.7.2): the status stays exactly NOT READY …
    const stat = await nrcs.waitFor(() => nrcs.itemStatuses.find((s) => str(s.RunningOrderId) === roId && s.Status === 'NOT READY'), 20_000, 'NOT READY after archiving');
    expect(str(stat.ObjectId)).toBe(harbor.id);
    // … and the object says why.
    const archived = await nrcs.waitFor(() => objectsOf(harbor.id).slice(before).find((o) => o.AirStatus === 'NOT READY'), 20_000, 'mosObj NOT READY');
    expect(text(archived.Description)).toMatch(/NOT READY: original archived/);

    // The running order is sent again (as an NRCS does after an edit): its air time asks platform-api for a
    // restore by then (issue 13); restores take 3 h here, so the restore is late and the reason says so.
    // Under load the gateway's write of the first roCreate can reach platform-api after the move to archive, and
    // then that write already asks for the restore (a running order asks once): look at every object since archiving.
    expect(str((await nrcs.device.sendReplaceRunningOrder(ro)).Status)).toBe('OK');
    const late = await nrcs.waitFor(() => objectsOf(harbor.id).slice(before).find((o) => /restore late/.test(text(o.Description))), 30_000, 'mosObj with the late-restore reason').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${warnings()}`);
    });
    expect(late.AirStatus).toBe('NOT READY');
    expect(late.Status).toBe('UPDATED');
    expect(text(late.MosExternalMetaData)).toMatch(/notReadyReason.*restore late: the original is expected at/);
    const asset = await client.getAsset(harbor.id);
    // platform-api's own view: the restore's ETA lies after the running order's air time.
    expect(Date.parse(asset.restore.etaAt ?? ''), JSON.stringify(asset.restore)).toBeGreaterThan(Date.parse(asset.restore.neededBy ?? ''));
    // mosReqObj answers the same reason.
    const asked = await nrcs.device.sendRequestMOSObject(s128(harbor.id));
    expect(asked.AirStatus).toBe('NOT READY');
    expect(text(asked.Description)).toMatch(/restore late/);
    // The item is still NOT READY in the rundown the UIs read.
    const r = await waitRundown(client, NCS_ID, roId, (x) => x.stories[0]?.items[0]?.status === 'NOT READY');
    expect(r.stories[0]!.items[0]!.assetId).toBe(harbor.id);
  }, 90_000);
});

async function waitRundown(client: CutawayClient, ncsId: string, roId: string, ok: (r: Awaited<ReturnType<CutawayClient['findRundown']>>) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await client.findRundown(ncsId, roId).catch(() => null);
    if (r && ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`rundown ${roId} not as expected in 20 s: ${JSON.stringify(r)?.slice(0, 1500)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
