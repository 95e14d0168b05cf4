import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { LiveChannel, LiveClip } from '@cutaway/shared';
import { IMOSObjectStatus, IMOSScope, type IMOSItem } from '@mos-connection/model';
import { pathToFileURL } from 'node:url';
import { connect, type AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildPlugin } from '../../plugin/build-plugin.mjs';
import { decode, encode, type MosDocument, type MosMessage } from '../../src/codec/index';
import { encodeWire, MosFramer } from '../../src/framing/framer';
import { LIVE_SCHEMA } from '../../src/live-cue/live-ref';
import { freePort, mosTypes, s128, startNrcs, type FakeNrcs } from '../nrcs';
import { startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * Issue 11 "Done when", on 127.0.0.1 with real processes: an ffmpeg generator pushes testsrc2 with a burnt-in frame
 * counter over SRT into platform-api; @mos-connection/connector plays the NRCS; a story item references the live
 * channel (mosExternalMetadata urn:cutaway:mos:live:1); the NRCS cues it in and out with item statuses PLAY / STOP;
 * the gateway links the clip's asset back into the story (mosItemReplace) with READY, again after the exact pass,
 * whose first and last frames are the buffer's frames at inAt and outAt.
 */
// The live source generator and the OCR of its burnt-in counter are platform-api's test helpers (issue 11 "Tests"),
// loaded at run time (another TypeScript project): they make media and read pixels, they do not talk to platform-api.
interface Generator { proc: { exitCode: number | null }; kill(): Promise<void> }
const helpers = (await import(pathToFileURL(join(import.meta.dirname, '../../../platform-api/test/live/generator.ts')).href)) as {
  countFrames(file: string): Promise<number>;
  freePort(kind: 'udp' | 'tcp'): Promise<number>;
  pushTestSource(url: string, o: { seconds: number }): Generator;
  readCounter(file: string, index: number, workDir: string): Promise<number | null>;
};
const { countFrames, pushTestSource, readCounter } = helpers;
const freeUdpPort = helpers.freePort;

const MOS_ID = 'cutaway.mam.live.mos';
const NCS_ID = 'NRCS-LIVE';
const RO = 'SHOW.LIVE;RUNDOWN';
const str = (s: unknown) => (s ? mosTypes.mosString128.stringify(s as never) : '');

describe('live cue from the rundown: connector NRCS ↔ gateway ↔ platform-api ↔ SRT source', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc;
  let nrcs: FakeNrcs;
  let client: CutawayClient;
  let channel: LiveChannel;
  let generator: Generator | undefined;
  const dirs: Array<{ dir: string; cleanup: () => Promise<void> }> = [];

  const until = async <T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms\n${gateway?.logs.slice(-15).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    const apiDir = await tempDir('live-cue-api');
    const gwDir = await tempDir('live-cue-gw');
    dirs.push(apiDir, gwDir, await tempDir('live-cue-work'));
    api = await startPlatformApi(apiDir.dir);
    client = new CutawayClient({ baseUrl: api.url, token: api.token });
    const port = await freeUdpPort('udp');
    channel = await client.createLiveChannel({ name: 'Press room', input: { url: `srt://127.0.0.1:${port}?mode=listener` }, segmentSeconds: 2, bufferMinutes: 10, height: 360, videoBitrateKbps: 800 });
    // The encoder may dial before the listener is up: start it again until the channel is live (bounded).
    for (let attempt = 0; attempt < 8 && (await client.getLiveChannel(channel.id)).state !== 'live'; attempt++) {
      await generator?.kill();
      generator = pushTestSource(`srt://127.0.0.1:${port}?mode=caller`, { seconds: 600 });
      await until('channel live', async () => (await client.getLiveChannel(channel.id)).state === 'live' || generator!.proc.exitCode !== null, 30_000);
    }
    expect((await client.getLiveChannel(channel.id)).state).toBe('live');

    const nrcsPorts = { lower: await freePort(), upper: await freePort(), query: await freePort() };
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(nrcsPorts.lower), CUTAWAY_MOS_NCS_UPPER_PORT: String(nrcsPorts.upper),
      CUTAWAY_MOS_HEARTBEAT_MS: '1000', CUTAWAY_MOS_NCS_ITEM_REPLACE: 'true', CUTAWAY_MOS_ACK_TIMEOUT_MS: '3000', CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir.dir,
    });
    const ports = gateway.line as { lower: number; upper: number; query: number };
    nrcs = await startNrcs({ gatewayMosId: MOS_ID, ncsId: NCS_ID, gateway: { lower: Number(ports.lower), upper: Number(ports.upper), query: Number(ports.query) }, ports: nrcsPorts, heartbeatMs: 1000 });
    await nrcs.waitFor(() => nrcs.device.getConnectionStatus().PrimaryConnected, 20_000, 'primary connected');
  }, 240_000);

  afterAll(async () => {
    await generator?.kill();
    if (process.env.CUTAWAY_TEST_LIVE_LOGS) await writeFile(process.env.CUTAWAY_TEST_LIVE_LOGS, [...(gateway?.logs ?? []), ...(api?.logs ?? [])].join('\n'));
    await nrcs?.close();
    await gateway?.stop();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  /** The counter the buffer shows at a wall-clock instant, read from the authenticated HLS preview's segment. */
  async function bufferCounterAt(atMs: number): Promise<number | null> {
    const base = `${api.url}/api/v1/live/channels/${channel.id}/`;
    const lines = (await (await fetch(`${base}preview.m3u8?token=${api.token}`)).text()).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) continue;
      const start = Date.parse(lines[i]!.slice(25));
      const dur = Math.round(Number.parseFloat(lines[i + 1]!.slice(8)) * 1000);
      if (atMs < start || atMs >= start + dur) continue;
      const file = join(dirs[2]!.dir, `seg-${start}.ts`);
      await writeFile(file, Buffer.from(await (await fetch(`${base}${lines[i + 2]!}`)).arrayBuffer()));
      return readCounter(file, Math.floor(((atMs - start) * 25) / 1000), dirs[2]!.dir);
    }
    return null;
  }

  it('cues a clip from a rundown item, links the asset back with READY, and the exact pass is frame-exact', async () => {
    const item: IMOSItem = {
      ID: s128('1'), ObjectID: s128(channel.id), MOSID: MOS_ID, Slug: s128('PRESSER LIVE'),
      MosExternalMetaData: [{ MosScope: IMOSScope.STORY, MosSchema: LIVE_SCHEMA, MosPayload: { cutawayLive: { channelId: channel.id, channelName: 'Press room' } } }],
    };
    const ro = { ID: s128(RO), Slug: s128('LIVE SHOW'), Stories: [{ ID: s128('S1'), Slug: s128('MINISTER PRESSER'), Items: [item] }] };
    // A real NRCS lists its running orders when the gateway resyncs (roReqAll / roReq): so does this one.
    nrcs.runningOrders.set(RO, ro);
    const created = await nrcs.device.sendCreateRunningOrder(ro);
    expect(str(created.Status)).toBe('OK');
    const status = (s: IMOSObjectStatus) => nrcs.device.sendItemStatus({ RunningOrderId: s128(RO), StoryId: s128('S1'), ID: s128('1'), Status: s, Time: mosTypes.mosTime.create(Date.now()) });

    // Cue in: the producer plays the item.
    expect(str((await status(IMOSObjectStatus.PLAY)).Status)).toBe('OK');
    const open = await until('clip opened for the item', async () => (await client.listLiveClips(channel.id)).find((c) => c.cue?.itemId === '1' && c.cue.storyId === 'S1' && c.cue.roId === RO), 20_000);
    expect(open.cue).toEqual({ ncsId: NCS_ID, roId: RO, storyId: 'S1', itemId: '1' });
    expect(open.outAt).toBeNull();
    // A resent cue-in (NRCS retry, a second front end) does not make a second clip.
    await status(IMOSObjectStatus.PLAY);
    await new Promise((r) => setTimeout(r, 5000));
    // Cue out.
    await status(IMOSObjectStatus.STOP);
    const clips = (await client.listLiveClips(channel.id)).filter((c) => c.cue?.itemId === '1');
    expect(clips).toHaveLength(1);

    const replacedWith = (assetId: string) => nrcs.replacedItems.filter((r) => str(r.item.ObjectID) === assetId);
    const instantReplace = await nrcs.waitFor(() => replacedWith(open.assetId)[0], 60_000, 'mosItemReplace with the clip asset');
    expect(str(instantReplace.item.ID)).toBe('1');
    expect(instantReplace.item.TimeBase).toBe(25);
    expect(instantReplace.item.Duration).toBeGreaterThan(0);
    expect((instantReplace.item.Paths ?? []).some((p) => /\.mp4$/.test(p.Target))).toBe(true);
    const ready = await nrcs.waitFor(() => nrcs.itemStatuses.find((s) => str(s.ID) === '1' && str(s.StoryId) === 'S1' && s.Status === IMOSObjectStatus.READY && str(s.ObjectId) === open.assetId), 60_000, 'READY for the item');
    expect(str(ready.RunningOrderId)).toBe(RO);

    // The exact pass replaces the master; the item is updated again.
    const exact: LiveClip = await until('exact master', async () => {
      const c = await client.getLiveClip(channel.id, open.id);
      if (c.state === 'failed') throw new Error(`clip failed: ${JSON.stringify(c.failure)}`);
      return c.state === 'exact' ? c : null;
    }, 90_000);
    await nrcs.waitFor(() => replacedWith(open.assetId).length >= 2, 60_000, 'a second mosItemReplace after the exact pass');
    // The rundowns API shows the item playing the clip's asset, READY once the exact master is in. (The exact
    // master keeps a ready asset ready; if it lands while the instant master's own ingest still runs, the gateway's
    // ordinary status report says NOT READY until that ingest ends: docs/live.md.)
    const rundown = await until('rundown with the asset, READY', async () => {
      const r = await client.findRundown(NCS_ID, RO).catch(() => null);
      return r?.stories[0]?.items[0]?.assetId === open.assetId && r.stories[0].items[0].status === 'READY' ? r : null;
    }, 60_000);
    expect(rundown.stories[0]!.items[0]!.slug).toBe('PRESSER LIVE');

    const file = join(dirs[2]!.dir, 'cued.mp4');
    const dl = await fetch(`${api.url}/api/v1/assets/${exact.assetId}/media?rendition=original`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(dl.status).toBe(200);
    await writeFile(file, Buffer.from(await dl.arrayBuffer()));
    const frames = await countFrames(file);
    const first = await readCounter(file, 0, dirs[2]!.dir);
    const last = await readCounter(file, frames - 1, dirs[2]!.dir);
    const wantFirst = await bufferCounterAt(Date.parse(exact.inAt));
    const wantLast = await bufferCounterAt(Date.parse(exact.outAt!));
    expect(wantFirst).not.toBeNull();
    expect([first, last]).toEqual([wantFirst, wantLast]);
    expect(last! - first! + 1).toBe(frames);
  }, 300_000);

  it('roCtrl EXECUTE / STOP (MOS 2.8.5 profile 5) cues an item in and out; each is answered with roAck OK', async () => {
    const item: IMOSItem = {
      ID: s128('2'), ObjectID: s128(channel.id), MOSID: MOS_ID, Slug: s128('PRESSER REACTION'),
      MosExternalMetaData: [{ MosScope: IMOSScope.STORY, MosSchema: LIVE_SCHEMA, MosPayload: { cutawayLive: { channelId: channel.id } } }],
    };
    nrcs.runningOrders.get(RO)!.Stories[0]!.Items.push(item);
    const ack = await nrcs.device.sendROInsertItems({ RunningOrderID: s128(RO), StoryID: s128('S1'), ItemID: s128('') }, [item]);
    expect(str(ack.Status)).toBe('OK');
    // The connector cannot send roCtrl: an NRCS socket written by hand, framed and encoded as on the wire (UTF-16BE).
    const ports = gateway.line as { upper: number };
    const sock = connect({ host: '127.0.0.1', port: Number(ports.upper) });
    await new Promise<void>((ok, fail) => (sock.once('connect', ok), sock.once('error', fail)));
    const framer = new MosFramer({ encoding: 'auto', maxBytes: 1 << 20 });
    const inbox: MosDocument[] = [];
    sock.on('data', (c) => {
      for (const e of framer.push(c)) if (e.kind === 'message') inbox.push(decode(e.xml));
    });
    const send = async (messageId: number, m: MosMessage) => {
      sock.write(encodeWire(encode({ mosId: MOS_ID, ncsId: NCS_ID, messageId }, m), 'utf16be'));
      return nrcs.waitFor(() => inbox.find((d) => d.envelope.messageId === messageId), 10_000, `answer to ${messageId}`);
    };
    try {
      const exec = await send(9001, { type: 'roCtrl', roId: RO, storyId: 'S1', itemId: '2', command: 'EXECUTE' });
      expect(exec.message).toMatchObject({ type: 'roAck', roId: RO, roStatus: 'OK' });
      const open = await until('clip for item 2', async () => (await client.listLiveClips(channel.id)).find((c) => c.cue?.itemId === '2'), 20_000);
      expect(open.outAt).toBeNull();
      expect(open.title).toBe('PRESSER REACTION');
      await new Promise((r) => setTimeout(r, 2500));
      const stop = await send(9002, { type: 'roCtrl', roId: RO, storyId: 'S1', itemId: '2', command: 'STOP' });
      expect(stop.message).toMatchObject({ type: 'roAck', roStatus: 'OK' });
      const closed = await until('clip closed', async () => {
        const c = await client.getLiveClip(channel.id, open.id);
        return c.outAt !== null ? c : null;
      }, 20_000);
      expect(Date.parse(closed.outAt!)).toBeGreaterThan(Date.parse(closed.inAt));
      await nrcs.waitFor(() => nrcs.replacedItems.find((r) => str(r.item.ObjectID) === open.assetId && str(r.item.ID) === '2'), 60_000, 'item 2 linked back');
    } finally {
      sock.destroy();
    }
  }, 120_000);

  it('the MOS plug-in, opened on a story item, marks in and out and shows the clip through to frame-exact (screenshots 360×640, 420×720)', async () => {
    await buildPlugin();
    const SCREENS = resolve(import.meta.dirname, '../../dist/screens');
    await mkdir(SCREENS, { recursive: true });
    const gatewayOrigin = `http://127.0.0.1:${Number((gateway.line as { httpPort: number }).httpPort)}`;
    // An ENPS-like host page: the plug-in is opened in EDIT on item 3 of story S1 (MOS 2.8.5 §5.3 ncsAppInfo).
    const appInfo = `<mos><ncsAppInfo><roID>${RO}</roID><storyID>S1</storyID><item><itemID>3</itemID><itemSlug>PRESSER Q AND A</itemSlug><objID>${channel.id}</objID><mosID>${MOS_ID}</mosID></item><ncsInformation><userID>producer</userID><runContext>EDIT</runContext><software><manufacturer>AP</manufacturer><product>ENPS</product><version>9.5</version></software></ncsInformation></ncsAppInfo></mos>`;
    let hostOrigin = '';
    const hostServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%;background:#111}iframe{border:0;width:100%;height:100%}</style></head><body>
<iframe id="plugin" src="${gatewayOrigin}/plugin/?origin=${encodeURIComponent(hostOrigin)}"></iframe>
<script>window.addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(gatewayOrigin)} && String(e.data).includes('<ncsReqAppInfo')) e.source.postMessage(${JSON.stringify(appInfo)}, e.origin); });</script></body></html>`));
    await new Promise<void>((ok) => hostServer.listen(0, '127.0.0.1', () => ok()));
    hostOrigin = `http://127.0.0.1:${(hostServer.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
      await page.goto(hostOrigin);
      const frame = await until('plug-in frame', async () => page.frames().find((f) => f.url().includes('/plugin/')) ?? null, 20_000);
      await frame.getByTestId('live').waitFor({ timeout: 20_000 });
      await frame.getByTestId('mark-in').waitFor({ timeout: 20_000 });
      await page.screenshot({ path: join(SCREENS, 'live-cue-plugin-360-idle.png') });
      await frame.getByTestId('mark-in').click();
      const clip = await until('clip for item 3', async () => (await client.listLiveClips(channel.id)).find((c) => c.cue?.itemId === '3' && c.cue.storyId === 'S1'), 20_000);
      expect(clip.title).toBe('PRESSER Q AND A');
      await frame.locator('.cw-rec').waitFor({ timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 2500));
      await page.screenshot({ path: join(SCREENS, 'live-cue-plugin-360-recording.png') });
      await frame.getByTestId('mark-out').click();
      await frame.locator('[data-testid="clip-state"][data-state="exact"]').waitFor({ timeout: 90_000 });
      const done = await client.getLiveClip(channel.id, clip.id);
      expect(done.state).toBe('exact');
      expect(done.outAt).not.toBeNull();
      await page.screenshot({ path: join(SCREENS, 'live-cue-plugin-360-exact.png') });
      await page.setViewportSize({ width: 420, height: 720 });
      await page.screenshot({ path: join(SCREENS, 'live-cue-plugin-420-exact.png') });
    } finally {
      await browser.close();
      await new Promise((ok) => hostServer.close(ok));
    }
  }, 180_000);
});
