// npm run bench:mos — roAck latency (p50/p99) and messages per second for a 200-story roCreate and
// 1,000 roElementAction messages, against the Cutaway gateway and, in the same run, against a MOS
// device built with @mos-connection/connector (the baseline). One raw TCP NRCS client drives both
// identically: UTF-16BE, stop-and-wait (next message after the roAck), on 127.0.0.1, ephemeral ports.
// Targets (issue 9): p99 ≤ 10 ms and at least the library device's throughput. JSON summary last.
// Beside the NRCS-side round trip it reports, per device, the CPU time per message (independent of how busy
// the machine is) and the event loop's own timer lateness during the run (the scheduling noise floor: on a
// loaded machine a process that is idle still wakes late, and no device in it can answer faster than that);
// for Cutaway also the server-side ack path (bytes in → roAck written), from the gateway's onAnswered hook.
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { MosConnection } from '@mos-connection/connector';
import { getMosTypes, type IMOSROAck } from '@mos-connection/model';
import axios from 'axios';
import { pino } from 'pino';
import WebSocket from 'ws';
import { axiosTransport, CutawayClient, type WebSocketConstructor } from '@cutaway/shared/client';
import { decode, encode, type MosMessage, type MosStory } from '../src/codec/index';
import { loadConfig } from '../src/config';
import { encodeWire, MosFramer } from '../src/framing/framer';
import { startGateway } from '../src/gateway';
import { applyEdit } from '../src/sync/ro-model';
import { toRundownInput } from '../src/sync/to-rundown';
import { freePort } from '../test/nrcs';
import { startPlatformApi, tempDir } from '../test/e2e/processes';
import { outboxCost } from './outbox-cost';

const MOS_ID = 'cutaway.mam.bench.mos';
const NCS_ID = 'BENCH-NRCS';
const STORIES = 200;
const ACTIONS = Number(process.env.MOS_BENCH_ACTIONS ?? 1000);

/** A raw NRCS upper-port client: send one message, wait for its roAck (stop-and-wait), time it. */
class RawNrcs {
  private framer = new MosFramer({ encoding: 'utf16be', maxBytes: 1 << 24 });
  private waiting: ((m: MosMessage) => void) | null = null;
  private id = 1;
  private constructor(private readonly socket: Socket, private readonly mosId: string) {
    socket.on('data', (chunk) => {
      for (const e of this.framer.push(chunk)) {
        if (e.kind !== 'message') continue;
        const doc = decode(e.xml);
        if (doc.message.type === 'heartbeat') continue;
        const w = this.waiting;
        this.waiting = null;
        w?.(doc.message);
      }
    });
  }
  static async open(port: number, mosId: string): Promise<RawNrcs> {
    const s = connect({ host: '127.0.0.1', port });
    s.setNoDelay(true);
    await new Promise<void>((ok, fail) => (s.once('connect', ok), s.once('error', fail)));
    return new RawNrcs(s, mosId);
  }
  async send(m: MosMessage): Promise<{ ms: number; reply: MosMessage }> {
    const bytes = encodeWire(encode({ mosId: this.mosId, ncsId: NCS_ID, messageId: this.id++ }, m), 'utf16be');
    const t0 = performance.now();
    const reply = await new Promise<MosMessage>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no answer to ${m.type} in 10 s`)), 10_000);
      this.waiting = (r) => (clearTimeout(timer), ok(r));
      this.socket.write(bytes);
    });
    return { ms: performance.now() - t0, reply };
  }
  close() {
    this.socket.destroy();
  }
}

const story = (id: string, n: number): MosStory => ({
  storyId: id, storySlug: `STORY ${id}`, storyNum: `A${n}`, mem: [],
  items: [{ itemId: '1', itemSlug: `${id} VO`, objId: `CLIP-${id}`, mosId: 'playout.other.mos', itemEdStart: 0, itemEdDur: 250, mem: [] }],
});

/** The same load for both devices: roCreate with 200 stories, then 1,000 roElementAction that keep the RO valid. */
function workload(roId: string): MosMessage[] {
  const ids = Array.from({ length: STORIES }, (_, i) => `S${i}`);
  const out: MosMessage[] = [{ type: 'roCreate', ro: { roId, roSlug: 'BENCH 6PM', roEdStart: '2026-12-06T18:00:00', mem: [], stories: ids.map((id, i) => story(id, i)) } }];
  for (let i = 0; i < ACTIONS; i++) {
    const x = `X${Math.floor(i / 5)}`;
    const pick = (k: number) => ids[(i * 7 + k * 13) % ids.length]!;
    switch (i % 5) {
      case 0: out.push({ type: 'roElementAction', operation: 'INSERT', roId, target: { storyId: pick(0) }, source: { stories: [story(x, i)] } }); break;
      case 1: out.push({ type: 'roElementAction', operation: 'REPLACE', roId, target: { storyId: x }, source: { stories: [{ ...story(x, i), storySlug: `${x} NEW` }] } }); break;
      case 2: out.push({ type: 'roElementAction', operation: 'MOVE', roId, target: {}, source: { storyIds: [x] } }); break;
      case 3: out.push({ type: 'roElementAction', operation: 'SWAP', roId, target: {}, source: { storyIds: [pick(1), pick(2) === pick(1) ? pick(3) : pick(2)] } }); break;
      default: out.push({ type: 'roElementAction', operation: 'DELETE', roId, target: {}, source: { storyIds: [x] } });
    }
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function drive(port: number, mosId: string, roId: string) {
  const nrcs = await RawNrcs.open(port, mosId);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const gc: number[] = [];
  const gcObserver = new PerformanceObserver((list) => gc.push(...list.getEntries().map((e) => e.duration)));
  // Warm-up (JIT, device registration), not measured.
  await nrcs.send({ type: 'heartbeat' }).catch(() => undefined);
  const msgs = workload(roId);
  const create = await nrcs.send(msgs[0]!);
  const lat: number[] = [];
  let notOk = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  loop.enable();
  gcObserver.observe({ entryTypes: ['gc'] });
  for (const m of msgs.slice(1)) {
    const r = await nrcs.send(m);
    lat.push(r.ms);
    if (r.reply.type !== 'roAck' || r.reply.roStatus !== 'OK') notOk += 1;
  }
  const wallMs = performance.now() - t0;
  loop.disable();
  gcObserver.disconnect();
  const cpu = process.cpuUsage(cpu0);
  nrcs.close();
  const sorted = [...lat].sort((a, b) => a - b);
  return {
    roCreateMs: round(create.ms), roCreateOk: create.reply.type === 'roAck' && create.reply.roStatus === 'OK',
    p50Ms: round(pct(sorted, 50)), p99Ms: round(pct(sorted, 99)), maxMs: round(sorted[sorted.length - 1]!), msgsPerSec: Math.round((lat.length / wallMs) * 1000), notOk,
    cpuUsPerMsg: Math.round((cpu.user + cpu.system) / lat.length),
    /** Messages per second if the process had one CPU to itself (1 s of CPU / CPU per message). */
    cpuBoundMsgsPerSec: Math.round(1e6 / ((cpu.user + cpu.system) / lat.length)),
    gc: { pauses: gc.length, totalMs: round(gc.reduce((a, b) => a + b, 0)), maxMs: round(Math.max(0, ...gc)) },
    loopLatenessMs: { p50: round(loop.percentile(50) / 1e6), p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
  };
}
const round = (n: number) => Math.round(n * 100) / 100;

async function cutaway() {
  const apiDir = await tempDir('bench-api');
  const gwDir = await tempDir('bench-gw');
  const api = await startPlatformApi(apiDir.dir);
  const config = loadConfig({
    CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(await freePort()), CUTAWAY_MOS_NCS_UPPER_PORT: String(await freePort()),
    CUTAWAY_MOS_LISTEN_HOST: '127.0.0.1', CUTAWAY_MOS_LOWER_PORT: '0', CUTAWAY_MOS_UPPER_PORT: '0', CUTAWAY_MOS_QUERY_PORT: '0',
    CUTAWAY_API_URL: api.url, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir.dir,
  });
  const client = new CutawayClient({ baseUrl: api.url, token: api.token, transport: axiosTransport(axios.create({ timeout: 30_000 })) });
  const server: number[] = [];
  const gw = await startGateway(config, {
    api: client, log: pino({ level: 'silent' }), WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    onAnswered: (type, ms) => type === 'roElementAction' && server.push(ms),
  });
  try {
    const r = await drive(gw.ports.upper, MOS_ID, 'BENCH;RO;1');
    await gw.sync.flush();
    const stored = await client.findRundown(NCS_ID, 'BENCH;RO;1');
    const s = [...server].sort((a, b) => a - b);
    return { ...r, storedStories: stored.stories.length, serverAckPath: { p50Ms: round(pct(s, 50)), p99Ms: round(pct(s, 99)), maxMs: round(s[s.length - 1]!) } };
  } finally {
    await gw.close();
    await api.stop();
    await apiDir.cleanup();
    await gwDir.cleanup();
  }
}

async function library() {
  const mosTypes = getMosTypes(false);
  const ports = { lower: await freePort(), upper: await freePort(), query: await freePort() };
  const ok = (id: unknown): IMOSROAck => ({ ID: id as never, Status: mosTypes.mosString128.create('OK'), Stories: [] });
  const conn = new MosConnection({ mosID: 'library.device.mos', acceptsConnections: true, profiles: { '0': true, '1': true, '2': true, '3': false, '4': false, '5': false, '6': false, '7': false }, ports, openRelay: true, strict: false });
  conn.on('error', () => undefined);
  conn.onConnection((d) => {
    // A device that keeps nothing: it only acknowledges, as fast as the library can.
    d.onCreateRunningOrder(async (ro) => ok(ro.ID));
    d.onROInsertStories(async (a) => ok(a.RunningOrderID));
    d.onROReplaceStories(async (a) => ok(a.RunningOrderID));
    d.onROMoveStories(async (a) => ok(a.RunningOrderID));
    d.onROSwapStories(async (a) => ok(a.RunningOrderID));
    d.onRODeleteStories(async (a) => ok(a.RunningOrderID));
  });
  await conn.init();
  try {
    return await drive(ports.upper, 'library.device.mos', 'BENCH;RO;1');
  } finally {
    await conn.dispose();
  }
}

/**
 * What each step of the ack path and of a platform-api write costs on its own (median of repeated runs, one
 * process, no I/O): where a slow roAck could come from if the event loop were the bottleneck.
 */
function stepCosts() {
  const msgs = workload('COST;RO');
  const create = msgs[0]!;
  const createXml = encode({ mosId: MOS_ID, ncsId: NCS_ID, messageId: 1 }, create);
  const actionXml = encode({ mosId: MOS_ID, ncsId: NCS_ID, messageId: 2 }, msgs[1]!);
  const ro = (create as unknown as { ro: Parameters<typeof toRundownInput>[0] }).ro;
  const median = (f: () => unknown, n = 200) => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      f();
      t.push(performance.now() - t0);
    }
    return Math.round(t.sort((a, b) => a - b)[Math.floor(n / 2)]! * 1000) / 1000;
  };
  return {
    decodeRoCreate200Ms: median(() => decode(createXml), 50),
    decodeRoElementActionMs: median(() => decode(actionXml)),
    applyEditOn200StoriesMs: median(() => applyEdit(ro, msgs[1] as Parameters<typeof applyEdit>[1])),
    /** toRundownInput + JSON of the 200-story running order: the synchronous part of one PUT /rundowns. */
    pushSerialiseMs: median(() => JSON.stringify(toRundownInput(ro, { ncsId: NCS_ID, nrcs: 'other', mosId: MOS_ID }, () => 25, null, new Map())), 50),
  };
}

const costs = stepCosts();
// Durable outgoing queue: fdatasync per burst (small by default; MOS_BENCH_OUTBOX to change).
const outbox = await outboxCost(Number(process.env.MOS_BENCH_OUTBOX ?? 200), 50);
const lib = await library();
const ours = await cutaway();
const summary = {
  bench: 'mos',
  load: { roCreateStories: STORIES, roElementAction: ACTIONS, transport: 'UTF-16BE TCP 127.0.0.1, stop-and-wait' },
  cutaway: ours,
  library: { ...lib, device: '@mos-connection/connector 4.1.1 (acks only, stores nothing)' },
  throughputRatio: round(ours.msgsPerSec / lib.msgsPerSec),
  cpuThroughputRatio: round(ours.cpuBoundMsgsPerSec / lib.cpuBoundMsgsPerSec),
  stepCostsMs: costs,
  outbox,
  targets: { p99Le10ms: ours.p99Ms <= 10, serverAckPathP99Le10ms: ours.serverAckPath.p99Ms <= 10, atLeastLibraryThroughput: ours.msgsPerSec >= lib.msgsPerSec, allOk: ours.notOk === 0 && ours.roCreateOk },
};
console.log(`cutaway gateway: roCreate(200) ${ours.roCreateMs} ms; roElementAction p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, ${ours.msgsPerSec} msg/s; stored ${ours.storedStories} stories; not OK: ${ours.notOk}`);
console.log(`                 server-side ack path p50 ${ours.serverAckPath.p50Ms} ms, p99 ${ours.serverAckPath.p99Ms} ms; CPU ${ours.cpuUsPerMsg} µs/msg; GC max ${ours.gc.maxMs} ms (${ours.gc.pauses}); loop lateness p99 ${ours.loopLatenessMs.p99} ms`);
console.log(`library device : roCreate(200) ${lib.roCreateMs} ms; roElementAction p50 ${lib.p50Ms} ms, p99 ${lib.p99Ms} ms, ${lib.msgsPerSec} msg/s; not OK: ${lib.notOk}`);
console.log(`                 CPU ${lib.cpuUsPerMsg} µs/msg; GC max ${lib.gc.maxMs} ms (${lib.gc.pauses}); loop lateness p99 ${lib.loopLatenessMs.p99} ms`);
console.log(`throughput ratio (cutaway / library): ${summary.throughputRatio}`);
console.log(`step costs (median): decode roCreate(200) ${costs.decodeRoCreate200Ms} ms, decode roElementAction ${costs.decodeRoElementActionMs} ms, applyEdit ${costs.applyEditOn200StoriesMs} ms, PUT /rundowns serialisation ${costs.pushSerialiseMs} ms`);
console.log(`outbox (fdatasync before queued): one at a time p50 ${outbox.oneAtATime.p50Ms} ms, p99 ${outbox.oneAtATime.p99Ms} ms; burst of ${outbox.burst.messages}: ${outbox.burst.fdatasync.ms} ms in ${outbox.burst.fdatasync.syncs} sync(s), ${outbox.burst.fdatasync.usPerMsg} µs/msg vs ${outbox.burst.noSync.ms} ms unsynced (ratio ${outbox.burst.ratio})`);
console.log(JSON.stringify(summary));
process.exit(0);
