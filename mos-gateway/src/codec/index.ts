import { AppError } from '@cutaway/shared';
import { CODECS, MESSAGE_ATTRIBUTES } from './messages';
import { Reader } from './reader';
import type { Envelope, MosDocument, MosMessage, MosMessageType } from './types';
import { el, parseXml } from './xml';

export * from './types';
export { plainText } from './xml';

const HEADER = new Set(['mosID', 'ncsID', 'messageID']);

/** The envelope as far as it could be read: a NACK for a broken message still names its messageID. */
export function peekEnvelope(xml: string): Envelope {
  const pick = (tag: string) => new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml)?.[1] ?? '';
  return { mosId: pick('mosID'), ncsId: pick('ncsID'), messageId: parseMessageId(pick('messageID')) };
}

/** One `<mos>` document → envelope + typed message; `mos.parse_failed` / `mos.message_unknown` otherwise. */
export function decode(xml: string): MosDocument {
  const root = parseXml(xml);
  const mos = root.mos;
  if (mos === undefined) throw new AppError('mos.parse_failed', 'The document is not a <mos> message');
  const r = Reader.of(mos, 'mos');
  const types = r.keys().filter((k) => !HEADER.has(k) && !k.startsWith('@') && k !== '#text');
  if (types.length !== 1) throw new AppError(types.length ? 'mos.parse_failed' : 'mos.message_unknown', types.length ? `A <mos> message holds one message element, found ${types.join(', ')}` : 'The <mos> message holds no message element');
  const type = types[0]!;
  const codec = (CODECS as Record<string, { read(r: Reader, t: string): MosMessage } | undefined>)[type];
  if (!codec) throw new AppError('mos.message_unknown', `Unknown message type ${type}`, { type });
  const messageId = parseMessageId(r.opt('messageID') ?? '');
  const envelope: Envelope = { mosId: r.opt('mosID') ?? '', ncsId: r.opt('ncsID') ?? '', messageId };
  return { envelope, message: codec.read(r.child(type).keys().length || r.raw(type) !== '' ? r.child(type) : Reader.of({}, type), type) };
}

/** Envelope order per the DTD: mosID, ncsID, messageID, message (MOS 2.8.5 §4). */
export function encode(envelope: Envelope | null, message: MosMessage): string {
  const codec = CODECS[message.type] as { write(m: MosMessage): string };
  const attrs = (MESSAGE_ATTRIBUTES[message.type] as ((m: MosMessage) => string) | undefined)?.(message) ?? '';
  const head = envelope ? `${el('mosID', envelope.mosId)}${el('ncsID', envelope.ncsId)}${el('messageID', envelope.messageId ?? '')}` : '';
  const body = codec.write(message);
  return `<mos>${head}<${message.type}${attrs}${body ? `>${body}</${message.type}>` : '/>'}</mos>`;
}

/** Signed 32-bit decimal or hex, ≥ 1 (MOS 2.8.5 §4.1.6); anything else is "no messageID". */
export function parseMessageId(s: string): number | null {
  const t = s.trim();
  if (!t) return null;
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export const isMessageType = (t: string): t is MosMessageType => t in CODECS;
