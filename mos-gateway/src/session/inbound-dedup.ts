import { createHash } from 'node:crypto';
import type { MosMessage, MosMessageType } from '../codec/index';

/**
 * De-duplication of NRCS-initiated messages (MOS 2.8.5 §4.1.6: "a retry reuses the same messageID so the
 * receiver can de-duplicate"). When an ack is lost, the NRCS resends the same message under the same
 * messageID: it must be acknowledged again, and applied once. Keyed by (ncsID, port, messageID) AND a
 * hash of the whole document, so an NRCS that restarted its counter (same id, other content) is served
 * normally. Only messages that change something are remembered (running-order messages, mosObjCreate),
 * and only when they succeeded: a refused message changed nothing and is simply handled again.
 * Running-order messages are also remembered across restarts: their journal lines carry the key. A
 * mosObjCreate is made idempotent across restarts by platform-api: the key goes with the placeholder request
 * (idempotencyKey), so a repeat returns the asset created the first time.
 */
export const CHANGES_STATE: ReadonlySet<MosMessageType> = new Set<MosMessageType>([
  'roCreate', 'roReplace', 'roDelete', 'roMetadataReplace', 'roElementAction', 'roStorySend', 'roReadyToAir',
  'roStoryAppend', 'roStoryInsert', 'roStoryReplace', 'roStoryMove', 'roStoryMoveMultiple', 'roStorySwap', 'roStoryDelete',
  'roItemInsert', 'roItemReplace', 'roItemDelete', 'roItemMoveMultiple', 'mosObjCreate',
]);

export interface SeenKey {
  ncsId: string;
  port: string;
  messageId: number;
  hash: string;
}

export const documentHash = (xml: string): string => createHash('sha1').update(xml).digest('base64');

export class InboundDedup {
  private readonly seen = new Map<string, { hash: string; reply: MosMessage }>();

  constructor(private readonly capacity = 1024) {}

  /** The answer given the first time, when this exact document was already applied. */
  check(k: SeenKey): MosMessage | null {
    const e = this.seen.get(mapKey(k));
    return e && e.hash === k.hash ? e.reply : null;
  }

  remember(k: SeenKey, reply: MosMessage): void {
    const mk = mapKey(k);
    this.seen.delete(mk);
    this.seen.set(mk, { hash: k.hash, reply });
    // Oldest out first: an NRCS resends within seconds, not after a thousand other messages.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
  }

  /** The most recent keys with their answers (kept through a journal compaction). */
  recent(n: number): Array<SeenKey & { reply: MosMessage }> {
    return [...this.seen].slice(-n).map(([mk, e]) => {
      const [ncsId, port, id] = mk.split('\n') as [string, string, string];
      return { ncsId, port, messageId: Number(id), hash: e.hash, reply: e.reply };
    });
  }
}

const mapKey = (k: SeenKey) => `${k.ncsId}\n${k.port}\n${k.messageId}`;
