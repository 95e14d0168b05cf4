import { connect, type Socket } from 'node:net';
import { decode, encode, type MosMessage } from '../src/codec/index';
import { encodeWire, MosFramer } from '../src/framing/framer';

/**
 * A bare NRCS socket to one gateway port, for what an NRCS library does not let a test control: the exact
 * messageID (a resend after a lost ack) and the exact bytes. UTF-16BE, one message at a time.
 */
export class RawNrcsSocket {
  private readonly framer = new MosFramer({ encoding: 'utf16be', maxBytes: 1 << 24 });
  private waiting: ((m: { messageId: number | null; message: MosMessage }) => void) | null = null;

  private constructor(private readonly socket: Socket, private readonly ids: { mosId: string; ncsId: string }) {
    socket.on('data', (chunk) => {
      for (const e of this.framer.push(chunk)) {
        if (e.kind !== 'message') continue;
        const doc = decode(e.xml);
        if (doc.message.type === 'heartbeat') continue;
        const w = this.waiting;
        this.waiting = null;
        w?.({ messageId: doc.envelope.messageId, message: doc.message });
      }
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number, ids: { mosId: string; ncsId: string }): Promise<RawNrcsSocket> {
    const s = connect({ host: '127.0.0.1', port });
    s.setNoDelay(true);
    await new Promise<void>((ok, fail) => (s.once('connect', ok), s.once('error', fail)));
    return new RawNrcsSocket(s, ids);
  }

  /** The bytes of one message, as an NRCS would send (and resend) them. */
  bytes(messageId: number, m: MosMessage): Buffer {
    return encodeWire(encode({ mosId: this.ids.mosId, ncsId: this.ids.ncsId, messageId }, m), 'utf16be');
  }

  /** Writes the bytes and waits for the answer (stop-and-wait). */
  async send(bytes: Buffer, timeoutMs = 10_000): Promise<{ messageId: number | null; message: MosMessage }> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      this.waiting = (r) => (clearTimeout(timer), ok(r));
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
