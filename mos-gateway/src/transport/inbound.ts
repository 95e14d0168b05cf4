import type { Logger } from 'pino';
import { AppError, isAppError } from '@cutaway/shared';
import { decode, encode, peekEnvelope, type Envelope, type MosMessage } from '../codec/index';
import { encodeWire, MosFramer, type WireEncoding } from '../framing/framer';
import { CHANGES_STATE, documentHash, type InboundDedup, type SeenKey } from '../session/inbound-dedup';
import type { Connection } from './listener';

/**
 * One accepted socket: frames, decodes and answers NRCS-initiated messages in arrival order, on the
 * same socket (MOS 2.8.5 §2.1). Bad input never closes the socket: it is answered with a NACK
 * (mosAck on lower/query, roAck on upper) naming the messageID, and logged.
 */
export interface InboundOptions {
  port: 'lower' | 'upper' | 'query';
  mosId: string;
  maxBytes: number;
  log: Logger;
  /** The peer's encoding when the connection cannot tell (no message seen yet). */
  encodingOf: (ncsId: string) => { encoding: WireEncoding; bom: boolean } | null;
  knownNcs: (ncsId: string) => boolean;
  /** Returns the answer, or null for none; throws AppError for a NACK. `seen` is the de-duplication key, when there is one. */
  handle: (ncsId: string, message: MosMessage, envelope: Envelope, xml: string, seen: SeenKey | null) => Promise<MosMessage | null>;
  dedup?: InboundDedup;
  /** Called after each answer is written, with the time from the bytes' arrival (the benchmark's server-side ack path). */
  onAnswered?: (type: string, ms: number) => void;
}

const succeeded = (m: MosMessage) => (m.type === 'roAck' && m.roStatus === 'OK') || (m.type === 'mosAck' && m.status === 'ACK');

export function inboundConnection(o: InboundOptions, write: (b: Buffer) => void, remote: string): Connection {
  const framer = new MosFramer({ encoding: 'auto', maxBytes: o.maxBytes });
  let chain = Promise.resolve();
  const log = o.log.child({ remote, port: o.port });

  const send = (env: Envelope, reply: MosMessage, encoding: WireEncoding | null) => {
    const peer = o.encodingOf(env.ncsId);
    write(encodeWire(encode({ mosId: o.mosId, ncsId: env.ncsId, messageId: env.messageId }, reply), encoding ?? peer?.encoding ?? 'utf16be', peer?.bom ?? false));
  };
  const nack = (env: Envelope, err: AppError, roId = '', encoding: WireEncoding | null = null) => {
    log.warn({ mosMessageId: env.messageId, code: err.code, ncsId: env.ncsId }, err.message);
    const text = `${err.code}: ${err.message}`.slice(0, 128);
    send(env, o.port === 'upper' ? { type: 'roAck', roId, roStatus: text, items: [] } : { type: 'mosAck', objId: '', status: 'NACK', statusDescription: text }, encoding);
  };

  const onMessage = async (xml: string, encoding: WireEncoding, arrived: number) => {
    let env = peekEnvelope(xml);
    let message: MosMessage;
    try {
      ({ envelope: env, message } = decode(xml));
    } catch (err) {
      return nack(env, isAppError(err) ? err : new AppError('mos.parse_failed', String(err)), '', encoding);
    }
    const roId = 'roId' in message ? message.roId : 'ro' in message ? message.ro.roId : '';
    // IDs are configured on both sides and must match exactly (mos.md §1.4).
    if (env.mosId !== o.mosId) return nack(env, new AppError('mos.id_mismatch', `mosID ${env.mosId} is not this device (${o.mosId})`), roId, encoding);
    if (!o.knownNcs(env.ncsId)) return nack(env, new AppError('mos.id_mismatch', `Unknown ncsID ${env.ncsId}`), roId, encoding);
    // A resend after a lost ack (same messageID, same document): answered again, not applied again.
    const seen = o.dedup && env.messageId !== null && CHANGES_STATE.has(message.type) ? { ncsId: env.ncsId, port: o.port, messageId: env.messageId, hash: documentHash(xml) } : null;
    const again = seen ? o.dedup!.check(seen) : null;
    if (again) {
      log.info({ mosMessageId: env.messageId, type: message.type, ncsId: env.ncsId }, 'resent message acknowledged again, not applied twice');
      return send(env, again, encoding);
    }
    try {
      const reply = await o.handle(env.ncsId, message, env, xml, seen);
      if (reply && seen && succeeded(reply)) o.dedup!.remember(seen, reply);
      if (reply) send(env, reply, encoding);
      o.onAnswered?.(message.type, performance.now() - arrived);
    } catch (err) {
      if (!isAppError(err)) log.error({ err, mosMessageId: env.messageId, type: message.type }, 'handler failed');
      nack(env, isAppError(err) ? err : new AppError('internal', 'Internal error'), roId, encoding);
    }
  };

  return {
    onData(chunk) {
      const arrived = performance.now();
      for (const e of framer.push(chunk)) {
        if (e.kind === 'junk') log.debug({ bytes: e.bytes }, 'junk between messages dropped');
        else if (e.kind === 'error') {
          // The message could not be framed or decoded at all: no messageID to answer; log only.
          log.warn({ code: e.error.code }, e.error.message);
        } else {
          const { xml, encoding } = e;
          chain = chain.then(() => onMessage(xml, encoding, arrived)).catch((err: unknown) => log.error({ err }, 'inbound message failed'));
        }
      }
    },
    onClose() {
      log.debug('connection closed');
    },
  };
}
