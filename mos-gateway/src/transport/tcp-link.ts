import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { FrameEvent } from '../framing/framer';

/**
 * A client socket to one NRCS port that reconnects with exponential backoff (min → max, jittered)
 * until closed. Bytes go to `onData`; the session learns about the link through `onUp`/`onDown`.
 */
export interface LinkOptions {
  host: string;
  port: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  log: Logger;
  onUp: (write: (b: Buffer) => void) => void;
  onDown: () => void;
  onData: (chunk: Buffer) => void;
}

export class TcpLink {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly o: LinkOptions) {}

  start(): void {
    this.dial();
  }

  private dial(): void {
    if (this.closed) return;
    const s = connect({ host: this.o.host, port: this.o.port });
    this.socket = s;
    s.setNoDelay(true);
    s.setKeepAlive(true, 10_000);
    s.on('connect', () => {
      this.failures = 0;
      this.o.log.info({ host: this.o.host, port: this.o.port }, 'connected to NRCS port');
      this.o.onUp((b) => {
        if (!s.destroyed) s.write(b);
      });
    });
    s.on('data', (chunk: Buffer) => this.o.onData(chunk));
    s.on('error', (err) => this.o.log.debug({ err: err.message, port: this.o.port }, 'NRCS link error'));
    s.on('close', () => {
      if (this.socket === s) this.socket = null;
      this.o.onDown();
      if (this.closed) return;
      this.failures += 1;
      const ceiling = Math.min(this.o.maxBackoffMs, this.o.minBackoffMs * 2 ** Math.min(this.failures - 1, 16));
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      this.o.log.debug({ port: this.o.port, delay }, 'NRCS link down; reconnecting');
      this.timer = setTimeout(() => this.dial(), delay);
      this.timer.unref();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.destroy();
  }
}

export type { FrameEvent };
