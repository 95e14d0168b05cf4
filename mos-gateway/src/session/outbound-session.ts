import { AppError } from '@cutaway/shared';
import type { MosMessage, MosMessageType } from '../codec/index';

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
  added(messageId: number, message: MosMessage): void;
  done(messageId: number): void;
}

/** Notifications whose loss would leave the NRCS wrong; everything else is asked again after a restart. */
export const DURABLE: ReadonlySet<MosMessageType> = new Set<MosMessageType>(['roElementStat', 'roItemStat', 'mosObj', 'mosItemReplace']);

export type SessionEvent =
  | { kind: 'sent'; messageId: number; type: MosMessageType; attempt: number }
  | { kind: 'timeout'; messageId: number; type: MosMessageType; attempt: number }
  | { kind: 'failed'; messageId: number; type: MosMessageType; error: AppError }
  | { kind: 'unmatched'; messageId: number | null; type: MosMessageType };

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
}

export class OutboundSession {
  private queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private write: ((b: Buffer) => void) | null = null;
  private closed = false;
  /** How many messages were restored from the outbox at start (logged). */
  readonly restored: number;

  constructor(private readonly o: SessionOptions) {
    // Left over from the previous run: first in line, nobody awaits their answers.
    for (const e of o.outbox?.load() ?? []) {
      this.queue.push({ message: e.message, messageId: e.messageId, resolve: () => undefined, reject: () => undefined, attempt: 0, durable: true });
    }
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
      if (durable) this.o.outbox!.added(messageId, message);
      this.queue.push({ message, messageId, resolve, reject, attempt: 0, durable });
      this.pump();
    });
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
    this.armHeartbeat();
    this.pump();
  }

  /** Stops the session; durable messages not yet answered stay in the outbox for the next start. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.heartbeatTimer);
    const err = new AppError('mos.not_connected', 'The gateway is shutting down');
    for (const p of [...(this.inFlight ? [this.inFlight] : []), ...this.queue]) p.reject(err);
    this.queue = [];
    this.inFlight = null;
  }

  private pump(): void {
    if (this.inFlight || !this.write || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
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
