import { AppError } from '@cutaway/shared';
import type { MosMessage, MosMessageType } from '../codec/index';
import { merge, supersedeKey } from './coalesce';

/**
 * One device-initiated port toward an NRCS (MOS 2.8.5 §2.1 / mos.md §1.5): STOP-AND-WAIT — one
 * message in flight, the next waits for its answer; no answer within `ackTimeoutMs` → resend under
 * the SAME messageID, up to `retries` times, then fail it and go on. Heartbeats go through the same
 * queue when the port is idle. No sockets here: the transport calls `connected`/`disconnected`/
 * `onReply` and gives a `write` function.
 */
export interface SessionOptions {
  ackTimeoutMs: number;
  retries: number;
  heartbeatMs: number;
  takeId: () => number;
  encode: (messageId: number, message: MosMessage) => Buffer;
  onEvent?: (e: SessionEvent) => void;
  /**
   * Durable queue for device-initiated notifications (roElementStat, mosObj, mosItemReplace …): what
   * was queued and not yet answered when the process died is sent first after a restart, in order,
   * under its original messageID (MOS 2.8.5 §4.1.6: a resend reuses the messageID, so a peer that
   * saw it before can tell). Requests that are re-asked anyway (heartbeat, roReq, roReqAll) stay in memory.
   */
  outbox?: Outbox;
}

export interface OutboxEntry {
  messageId: number;
  message: MosMessage;
}

export interface Outbox {
  load(): OutboxEntry[];
  /** Resolves once the entry is durable; the session sends it only then. */
  added(messageId: number, message: MosMessage): Promise<void>;
  done(messageId: number): void;
  /** Replaces a pending entry's message (a restored entry that absorbed an older one). */
  revise?(messageId: number, message: MosMessage): void;
  /** Rewrites the store with only what is pending (after restored entries were coalesced). */
  compact?(): void;
  /** Writes out what is buffered (shutdown). */
  close?(): void;
}

/** Notifications whose loss would leave the NRCS wrong; everything else is asked again after a restart. */
export const DURABLE: ReadonlySet<MosMessageType> = new Set<MosMessageType>(['roElementStat', 'roItemStat', 'mosObj', 'mosItemReplace']);

export type SessionEvent =
  | { kind: 'sent'; messageId: number; type: MosMessageType; attempt: number }
  | { kind: 'timeout'; messageId: number; type: MosMessageType; attempt: number }
  | { kind: 'failed'; messageId: number; type: MosMessageType; error: AppError }
  | { kind: 'unmatched'; messageId: number | null; type: MosMessageType }
  /** A queued state message made redundant by a newer one for the same element (coalesce.ts); `messageId` is dropped, `by` carries both. */
  | { kind: 'coalesced'; messageId: number; by: number; type: MosMessageType }
  | { kind: 'outbox_error'; messageId: number; error: Error };

/** Which replies answer which requests (MOS 2.8.5 §2 message families). */
const REPLIES: Partial<Record<MosMessageType, readonly MosMessageType[]>> = {
  heartbeat: ['heartbeat'], reqMachInfo: ['listMachInfo'], mosObj: ['mosAck'], mosListAll: ['mosAck'], roElementStat: ['roAck'], roItemStat: ['roAck'],
  mosItemReplace: ['roAck'], roReq: ['roList', 'roAck'], roReqAll: ['roListAll', 'roAck'], mosObjList: ['mosAck'],
};

interface Pending {
  message: MosMessage;
  messageId: number;
  resolve: (reply: MosMessage) => void;
  reject: (err: AppError) => void;
  attempt: number;
  durable: boolean;
  /** Durable and on disk (or not durable): may be sent. The queue's head waits until it is. */
  ready: boolean;
  /** supersedeKey of a durable state message (coalesce.ts). */
  key: string | null;
  /** Earlier requests this one superseded: they settle with it. */
  followers: Array<Pick<Pending, 'resolve' | 'reject'>>;
}

export class OutboundSession {
  private queue: Pending[] = [];
  /** The queued (never sent) state message per supersedeKey, so a new one finds its predecessor without a scan. */
  private readonly keyed = new Map<string, Pending>();
  private inFlight: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private write: ((b: Buffer) => void) | null = null;
  private closed = false;
  /** How many messages were restored from the outbox at start (logged). */
  readonly restored: number;
  /** Queued state messages dropped because a newer one for the same element superseded them (since start). */
  coalesced = 0;

  constructor(private readonly o: SessionOptions) {
    // Left over from the previous run: first in line, nobody awaits their answers. Coalesced like new ones
    // (a file written while the NRCS was down for hours), then the file is rewritten with what is left.
    const restored = o.outbox?.load() ?? [];
    for (const e of restored) {
      const p: Pending = { message: e.message, messageId: e.messageId, resolve: () => undefined, reject: () => undefined, attempt: 0, durable: true, ready: true, key: supersedeKey(e.message), followers: [] };
      this.supersede(p);
      if (p.message !== e.message) o.outbox?.revise?.(p.messageId, p.message);
      this.queue.push(p);
    }
    if (restored.length) o.outbox?.compact?.();
    this.restored = this.queue.length;
  }


  get isConnected(): boolean {
    return this.write !== null;
  }

  get queued(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Queues a message; resolves with the peer's answer. Work queued while disconnected waits for the link. */
  request(message: MosMessage): Promise<MosMessage> {
    if (this.closed) return Promise.reject(new AppError('mos.not_connected', 'The session is closed'));
    return new Promise((resolve, reject) => {
      const messageId = this.o.takeId();
      const durable = Boolean(this.o.outbox) && DURABLE.has(message.type);
      const p: Pending = { message, messageId, resolve, reject, attempt: 0, durable, ready: !durable, key: durable ? supersedeKey(message) : null, followers: [] };
      if (durable) {
        this.supersede(p);
        // Counts as queued once it is on disk (batched: one sync per burst); until then the queue waits behind it.
        this.o.outbox!.added(messageId, p.message).then(
          () => { p.ready = true; this.pump(); },
          (error: Error) => {
            // The disk refused it: still sent (delivered but not durable beats not delivered), and reported.
            this.o.onEvent?.({ kind: 'outbox_error', messageId, error });
            p.ready = true;
            this.pump();
          },
        );
      }
      this.queue.push(p);
      this.pump();
    });
  }

  /**
   * While it waits, a state message replaces an older queued one for the same element (coalesce.ts): the
   * older one is dropped from the queue and the outbox and settles with the newer one, whose message becomes
   * the merge of both. What is in flight is never touched (the peer may already have it).
   */
  private supersede(p: Pending): void {
    if (!p.key) return;
    const old = this.keyed.get(p.key);
    this.keyed.set(p.key, p);
    const at = old ? this.queue.indexOf(old) : -1;
    if (!old || at < 0) return;
    this.queue.splice(at, 1);
    p.message = merge(old.message, p.message);
    p.followers.push(old, ...old.followers);
    this.o.outbox?.done(old.messageId);
    this.coalesced += 1;
    this.o.onEvent?.({ kind: 'coalesced', messageId: old.messageId, by: p.messageId, type: p.message.type });
  }

  connected(write: (b: Buffer) => void): void {
    this.write = write;
    // What was in flight when the link dropped is resent first, same messageID (the peer may de-duplicate).
    if (this.inFlight) {
      this.queue.unshift(this.inFlight);
      this.inFlight = null;
      clearTimeout(this.timer);
    }
    this.armHeartbeat();
    this.pump();
  }

  disconnected(): void {
    this.write = null;
    clearTimeout(this.heartbeatTimer);
    // What was in flight is not lost with the link: it goes first again when the link is back.
    if (this.inFlight) {
      clearTimeout(this.timer);
      this.inFlight.attempt = 0;
      this.queue.unshift(this.inFlight);
      this.inFlight = null;
    }
  }

  onReply(messageId: number | null, reply: MosMessage): void {
    const p = this.inFlight;
    const fits = p && (REPLIES[p.message.type] ?? []).includes(reply.type);
    // Some NRCS never send messageID (mos.md §1.4): with one message in flight, a fitting reply is its answer.
    const idMatches = p && (messageId === p.messageId || messageId === null);
    if (!p || !fits || !idMatches) {
      this.o.onEvent?.({ kind: 'unmatched', messageId, type: reply.type });
      return;
    }
    clearTimeout(this.timer);
    this.inFlight = null;
    if (p.durable) this.o.outbox!.done(p.messageId);
    p.resolve(reply);
    for (const f of p.followers) f.resolve(reply);
    this.armHeartbeat();
    this.pump();
  }

  /** Stops the session; durable messages not yet answered stay in the outbox for the next start. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.heartbeatTimer);
    const err = new AppError('mos.not_connected', 'The gateway is shutting down');
    for (const p of [...(this.inFlight ? [this.inFlight] : []), ...this.queue]) for (const f of [p, ...p.followers]) f.reject(err);
    this.queue = [];
    this.keyed.clear();
    this.inFlight = null;
    this.o.outbox?.close?.();
  }

  private pump(): void {
    if (this.inFlight || !this.write || this.closed) return;
    if (!this.queue[0]?.ready) return;
    const next = this.queue.shift()!;
    // Sent: from now on the peer may have it, so a newer state queues behind it instead of replacing it.
    if (next.key && this.keyed.get(next.key) === next) this.keyed.delete(next.key);
    this.inFlight = next;
    this.send(next);
  }

  private send(p: Pending): void {
    p.attempt += 1;
    this.write?.(this.o.encode(p.messageId, p.message));
    this.o.onEvent?.({ kind: 'sent', messageId: p.messageId, type: p.message.type, attempt: p.attempt });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimeout(p), this.o.ackTimeoutMs);
    this.timer.unref();
  }

  private onTimeout(p: Pending): void {
    if (this.inFlight !== p) return;
    this.o.onEvent?.({ kind: 'timeout', messageId: p.messageId, type: p.message.type, attempt: p.attempt });
    if (p.attempt <= this.o.retries && this.write) {
      this.send(p);
      return;
    }
    this.inFlight = null;
    // Given up after the retries: not kept for ever, or one unanswerable message would block the port.
    if (p.durable) this.o.outbox!.done(p.messageId);
    const error = new AppError('mos.timeout', `No answer to ${p.message.type} (messageID ${p.messageId}) after ${p.attempt} attempt(s)`, { messageId: p.messageId });
    this.o.onEvent?.({ kind: 'failed', messageId: p.messageId, type: p.message.type, error });
    p.reject(error);
    for (const f of p.followers) f.reject(error);
    this.pump();
  }

  /** A heartbeat when nothing else has been sent for `heartbeatMs` (MOS 2.8.5 §4.1.1; Sofie sends one every ~5 s). */
  private armHeartbeat(): void {
    clearTimeout(this.heartbeatTimer);
    if (this.o.heartbeatMs <= 0 || this.closed) return;
    this.heartbeatTimer = setTimeout(() => {
      if (this.queued === 0 && this.write) this.request({ type: 'heartbeat', time: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }).catch(() => undefined);
      else this.armHeartbeat();
    }, this.o.heartbeatMs);
    this.heartbeatTimer.unref();
  }
}
