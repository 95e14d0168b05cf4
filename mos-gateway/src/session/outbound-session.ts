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
}

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
}

export class OutboundSession {
  private queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private write: ((b: Buffer) => void) | null = null;
  private closed = false;

  constructor(private readonly o: SessionOptions) {}

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
      this.queue.push({ message, messageId: this.o.takeId(), resolve, reject, attempt: 0 });
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
    p.resolve(reply);
    this.armHeartbeat();
    this.pump();
  }

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
