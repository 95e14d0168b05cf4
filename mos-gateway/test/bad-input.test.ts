import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { decode, encode, type MosDocument, type MosMessage } from '../src/codec/index';
import { loadConfig } from '../src/config';
import { encodeWire, MosFramer, type WireEncoding } from '../src/framing/framer';
import { startGateway, type RunningGateway } from '../src/gateway';
import { freePort } from './nrcs';

/**
 * Bad input over real TCP sockets against the gateway (in process; platform-api is not needed for
 * these paths, so its URL points at a closed port): every case is answered with a NACK that names
 * the messageID, the connection stays up, and nothing accepted is lost across a restart.
 */
const MOS_ID = 'cutaway.mam.badinput.mos';
const NCS = 'NRCS-BAD';

class Peer {
  private framer = new MosFramer({ encoding: 'auto', maxBytes: 1 << 20 });
  private inbox: MosDocument[] = [];
  constructor(private readonly s: Socket) {
    s.on('data', (c) => {
      for (const e of this.framer.push(c)) if (e.kind === 'message') this.inbox.push(decode(e.xml));
    });
  }
  static async open(port: number) {
    const s = connect({ host: '127.0.0.1', port });
    await new Promise<void>((ok, fail) => (s.once('connect', ok), s.once('error', fail)));
    return new Peer(s);
  }
  get encoding() {
    return this.framer.encoding;
  }
  write(b: Buffer | string) {
    this.s.write(b);
  }
  async send(messageId: number, m: MosMessage, o: { ncsId?: string; encoding?: WireEncoding } = {}) {
    this.write(encodeWire(encode({ mosId: MOS_ID, ncsId: o.ncsId ?? NCS, messageId }, m), o.encoding ?? 'utf16be'));
    return this.next(messageId);
  }
  async next(messageId: number | null): Promise<MosDocument> {
    for (let i = 0; i < 200; i++) {
      const at = this.inbox.findIndex((d) => d.envelope.messageId === messageId);
      if (at >= 0) return this.inbox.splice(at, 1)[0]!;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no answer with messageID ${messageId}`);
  }
  close() {
    this.s.destroy();
  }
}

describe('bad input is NACKed with a clear status; the connection stays up; accepted work survives a restart', () => {
  let dir: string;
  let gw: RunningGateway;
  const start = async () => {
    const config = loadConfig({
      CUTAWAY_MOS_ID: MOS_ID, CUTAWAY_MOS_NCS_ID: NCS, CUTAWAY_MOS_NCS_HOST: '127.0.0.1', CUTAWAY_MOS_NCS_LOWER_PORT: String(await freePort()), CUTAWAY_MOS_NCS_UPPER_PORT: String(await freePort()),
      CUTAWAY_MOS_LISTEN_HOST: '127.0.0.1', CUTAWAY_MOS_LOWER_PORT: '0', CUTAWAY_MOS_UPPER_PORT: '0', CUTAWAY_MOS_QUERY_PORT: '0', CUTAWAY_MOS_MAX_MESSAGE_BYTES: '8192',
      CUTAWAY_API_URL: `http://127.0.0.1:${await freePort()}`, CUTAWAY_API_TOKEN: 'unused-here', CUTAWAY_DATA_DIR: dir,
    });
    const api = new CutawayClient({ baseUrl: config.apiUrl, token: config.apiToken });
    return startGateway(config, { api, log: pino({ level: 'silent' }), WebSocketImpl: class { onopen = null; onmessage = null; onclose = null; onerror = null; close() {} } as never });
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-mos-bad-'));
    gw = await start();
  });
  afterAll(async () => {
    await gw?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('malformed XML, an unknown message, a wrong ncsID and a wrong mosID each get a NACK naming the messageID; the socket keeps working', async () => {
    const up = await Peer.open(gw.ports.upper);
    up.write(encodeWire('<mos><mosID>cutaway.mam.badinput.mos</mosID><ncsID>NRCS-BAD</ncsID><messageID>5</messageID><roCreate><roID>1</roCreate></mos>', 'utf16be'));
    const malformed = await up.next(5);
    expect(malformed.message).toMatchObject({ type: 'roAck', roStatus: expect.stringMatching(/^mos\.parse_failed: Malformed XML/) });
    up.write(encodeWire('<mos><mosID>cutaway.mam.badinput.mos</mosID><ncsID>NRCS-BAD</ncsID><messageID>6</messageID><roFrobnicate/></mos>', 'utf16be'));
    expect((await up.next(6)).message).toMatchObject({ type: 'roAck', roStatus: 'mos.message_unknown: Unknown message type roFrobnicate' });
    expect((await up.send(7, { type: 'roDelete', roId: 'X' }, { ncsId: 'SOMEONE-ELSE' })).message).toMatchObject({ roStatus: 'mos.id_mismatch: Unknown ncsID SOMEONE-ELSE' });
    up.write(encodeWire(encode({ mosId: 'other.device.mos', ncsId: NCS, messageId: 8 }, { type: 'heartbeat' }), 'utf16be'));
    expect((await up.next(8)).message).toMatchObject({ roStatus: expect.stringMatching(/^mos\.id_mismatch: mosID other\.device\.mos/) });
    expect((await up.send(9, { type: 'heartbeat' })).message.type).toBe('heartbeat');
    up.close();
  });

  it('an action on an unknown running order is refused with its roID', async () => {
    const up = await Peer.open(gw.ports.upper);
    const r = await up.send(10, { type: 'roElementAction', operation: 'DELETE', roId: 'NO-SUCH-RO', target: {}, source: { storyIds: ['A'] } });
    expect(r.message).toEqual({ type: 'roAck', roId: 'NO-SUCH-RO', roStatus: 'Unknown running order NO-SUCH-RO', items: [] });
    up.close();
  });

  it('on the lower port an unsupported message is a mosAck NACK; an oversized message is dropped and the next one answered', async () => {
    const low = await Peer.open(gw.ports.lower);
    expect((await low.send(20, { type: 'roReqAll' })).message.type).toBe('roListAll');
    expect((await low.send(21, { type: 'mosListSearchableSchema', schemas: [] })).message).toMatchObject({ type: 'mosAck', status: 'NACK', statusDescription: expect.stringMatching(/not supported/) });
    low.write(encodeWire(`<mos><mosID>${MOS_ID}</mosID><ncsID>${NCS}</ncsID><messageID>22</messageID><roCreate><roID>BIG</roID>${'<story><storyID>s</storyID></story>'.repeat(300)}</roCreate></mos>`, 'utf16be'));
    expect((await low.send(23, { type: 'heartbeat' })).message.type).toBe('heartbeat');
    low.close();
  });

  it('answers a UTF-8 peer in UTF-8, and a message split at an odd byte offset across TCP writes', async () => {
    const p = await Peer.open(gw.ports.upper);
    expect((await p.send(30, { type: 'heartbeat' }, { encoding: 'utf8' })).message.type).toBe('heartbeat');
    expect(p.encoding).toBe('utf8');
    const q = await Peer.open(gw.ports.upper);
    const wire = encodeWire(encode({ mosId: MOS_ID, ncsId: NCS, messageId: 31 }, { type: 'reqMachInfo' }), 'utf16be', true);
    q.write(wire.subarray(0, 37));
    await new Promise((r) => setTimeout(r, 50));
    q.write(wire.subarray(37));
    expect((await q.next(31)).message).toMatchObject({ type: 'listMachInfo', mosRev: '2.8.5', profiles: { 0: true, 4: true, 5: false } });
    p.close();
    q.close();
  });

  it('an acknowledged running order is journalled before the roAck and recovered after a restart', async () => {
    const up = await Peer.open(gw.ports.upper);
    const ro = { roId: 'JOURNAL;RO', roSlug: 'LATE NEWS', mem: [], stories: [{ storyId: 'A', mem: [], items: [] }, { storyId: 'B', mem: [], items: [] }] };
    expect((await up.send(40, { type: 'roCreate', ro })).message).toMatchObject({ roStatus: 'OK' });
    expect((await up.send(41, { type: 'roElementAction', operation: 'SWAP', roId: 'JOURNAL;RO', target: {}, source: { storyIds: ['A', 'B'] } })).message).toMatchObject({ roStatus: 'OK' });
    up.close();
    await gw.close();
    gw = await start();
    expect(gw.sync.get(NCS, 'JOURNAL;RO')?.stories.map((s) => s.storyId)).toEqual(['B', 'A']);
  });
});
