import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import type { MosMessage } from '../../src/codec/index';
import { freePort } from '../nrcs';
import { RawNrcsSocket } from '../raw-nrcs';
import { startGatewayProcess, startPlatformApi, tempDir, type Proc } from './processes';

/**
 * A resent mosObjCreate (same NRCS messageID, same document, after a lost ack: MOS 2.8.5 §4.1.6) makes ONE
 * placeholder and is answered with the same objID — also when the gateway was killed with SIGKILL before
 * or after its ack, so its in-memory de-duplication is gone. Real processes on 127.0.0.1: platform-api,
 * the gateway (restarted), a bare NRCS socket (only it can resend under a chosen messageID), and a TCP
 * relay between the gateway and platform-api that lets the test kill the gateway at the exact point
 * "platform-api created the placeholder, the gateway has not acked yet".
 */
const MOS_ID = 'cutaway.mam.objcreate.mos';
const NCS_ID = 'NRCS-OBJCREATE';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A byte relay to platform-api; `armed` makes it withhold the answer to the next POST /assets/placeholders and call `onHeld`. */
function relay(target: URL) {
  const state: { armed: boolean; onHeld: (() => void) | null } = { armed: false, onHeld: null };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    sockets.add(client).add(upstream);
    let holding = false;
    client.on('data', (b) => {
      if (state.armed && b.toString('latin1').startsWith('POST /api/v1/assets/placeholders')) {
        state.armed = false;
        holding = true;
      }
      upstream.write(b);
    });
    upstream.on('data', (b) => {
      if (holding) {
        // platform-api has answered: the placeholder exists. The gateway never sees the answer.
        state.onHeld?.();
        return;
      }
      client.write(b);
    });
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    state,
    listen: () => new Promise<string>((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as { port: number }).port}`))),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

describe('mosObjCreate is idempotent across gateway restarts (kill -9 before and after the ack)', () => {
  let api: Awaited<ReturnType<typeof startPlatformApi>>;
  let gateway: Proc & { ports: { lower: number } };
  let client: CutawayClient;
  let proxy: ReturnType<typeof relay>;
  let proxyUrl: string;
  let gwDir: string;
  const dirs: Array<{ cleanup: () => Promise<void> }> = [];
  const gwPorts = { lower: 0, upper: 0, query: 0 };
  const nrcsPorts = { lower: 0, upper: 0 };

  const startGw = async () => {
    gateway = await startGatewayProcess({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS_ID, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(nrcsPorts.lower), CUTAWAY_MOS_NCS_UPPER_PORT: String(nrcsPorts.upper),
      CUTAWAY_MOS_LOWER_PORT: String(gwPorts.lower), CUTAWAY_MOS_UPPER_PORT: String(gwPorts.upper), CUTAWAY_MOS_QUERY_PORT: String(gwPorts.query),
      CUTAWAY_MOS_HEARTBEAT_MS: '1000', CUTAWAY_MOS_ACK_TIMEOUT_MS: '3000', CUTAWAY_API_URL: proxyUrl, CUTAWAY_API_TOKEN: api.token, CUTAWAY_DATA_DIR: gwDir,
    });
  };
  const placeholders = async (title: string) => (await client.listAssets({ limit: 200 })).items.filter((a) => a.status === 'placeholder' && a.title === title);
  const create = (slug: string): MosMessage => ({ type: 'mosObjCreate', objSlug: slug, objType: 'VIDEO', objTb: 25, objDur: 250, mem: [] });
  const ackedId = (r: { messageId: number | null; message: MosMessage }, id: number) => {
    expect(r.messageId).toBe(id);
    expect(r.message).toMatchObject({ type: 'mosAck', status: 'ACK' });
    return r.message.type === 'mosAck' ? r.message.objId ?? '' : '';
  };

  beforeAll(async () => {
    const [apiDir, gw] = [await tempDir('oc-api'), await tempDir('oc-gw')];
    dirs.push(apiDir, gw);
    gwDir = gw.dir;
    api = await startPlatformApi(apiDir.dir);
    client = new CutawayClient({ baseUrl: api.url, token: api.token });
    proxy = relay(new URL(api.url));
    proxyUrl = await proxy.listen();
    // No NRCS listens on its ports here: the gateway keeps dialling with backoff, which does not matter for
    // NRCS-initiated messages on our lower port.
    Object.assign(gwPorts, { lower: await freePort(), upper: await freePort(), query: await freePort() });
    Object.assign(nrcsPorts, { lower: await freePort(), upper: await freePort() });
    await startGw();
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await api?.stop();
    for (const d of dirs) await d.cleanup();
  });

  it('acked, then kill -9: the resend after the restart is answered with the same objID, one placeholder', async () => {
    const raw = await RawNrcsSocket.open(gwPorts.lower, { mosId: MOS_ID, ncsId: NCS_ID });
    const msg = raw.bytes(700_001, create('FERRY AFTER ACK'));
    const objId = ackedId(await raw.send(msg), 700_001);
    expect(ackedId(await raw.send(msg), 700_001)).toBe(objId); // same process: the in-memory answer
    raw.close();
    await gateway.kill9();
    await startGw();
    const again = await RawNrcsSocket.open(gwPorts.lower, { mosId: MOS_ID, ncsId: NCS_ID });
    expect(ackedId(await again.send(msg), 700_001)).toBe(objId);
    // The same messageID with other content is a new message (an NRCS that restarted its counter).
    const other = ackedId(await again.send(again.bytes(700_001, create('FERRY OTHER'))), 700_001);
    again.close();
    expect(other).not.toBe(objId);
    expect((await placeholders('FERRY AFTER ACK')).map((a) => a.id)).toEqual([objId]);
    expect((await placeholders('FERRY OTHER')).map((a) => a.id)).toEqual([other]);
  }, 120_000);

  it('killed after platform-api created the placeholder but before the ack: the resend gets that placeholder, no second one', async () => {
    const raw = await RawNrcsSocket.open(gwPorts.lower, { mosId: MOS_ID, ncsId: NCS_ID });
    const msg = raw.bytes(700_002, create('FERRY BEFORE ACK'));
    const killed = new Promise<void>((ok) => {
      proxy.state.onHeld = () => {
        proxy.state.onHeld = null;
        void gateway.kill9().then(ok);
      };
    });
    proxy.state.armed = true;
    let answered = false;
    raw.send(msg, 30_000).then(() => (answered = true), () => undefined);
    await killed;
    raw.close();
    expect(answered).toBe(false);
    // The placeholder exists although the NRCS never heard of it.
    const made = await placeholders('FERRY BEFORE ACK');
    expect(made).toHaveLength(1);

    await startGw();
    const again = await RawNrcsSocket.open(gwPorts.lower, { mosId: MOS_ID, ncsId: NCS_ID });
    expect(ackedId(await again.send(msg), 700_002)).toBe(made[0]!.id);
    again.close();
    await sleep(500);
    expect((await placeholders('FERRY BEFORE ACK')).map((a) => a.id)).toEqual([made[0]!.id]);
  }, 120_000);
});
