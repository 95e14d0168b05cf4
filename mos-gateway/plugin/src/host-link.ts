import { decode, encode, type MosMessage } from '../../src/codec/index';

/**
 * The postMessage link to the NRCS page that hosts us in an iframe (MOS 2.8.5 §5.1.2): the host's
 * origin comes from `?origin=`; every received message is checked against it; we speak first
 * (ncsReqAppInfo) because the host sends nothing until then. Plug-in messages carry no ids.
 */
export class HostLink {
  private readonly listeners = new Set<(m: MosMessage, reply: (m: MosMessage) => void) => void>();

  constructor(
    private readonly win: Window,
    readonly origin: string | null,
  ) {
    win.addEventListener('message', (e: MessageEvent) => {
      if (!this.origin || e.origin !== this.origin || typeof e.data !== 'string') return;
      let message: MosMessage;
      try {
        message = decode(e.data).message;
      } catch {
        return;
      }
      const source = e.source as Window | null;
      const reply = (m: MosMessage) => source?.postMessage(encode(null, m), e.origin);
      for (const l of this.listeners) l(message, reply);
    });
  }

  static fromLocation(win: Window): HostLink {
    const raw = new URLSearchParams(win.location.search).get('origin');
    let origin: string | null;
    try {
      origin = raw ? new URL(raw).origin : null;
    } catch {
      origin = null;
    }
    return new HostLink(win, origin);
  }

  get embedded(): boolean {
    return this.origin !== null && this.win.parent !== this.win;
  }

  send(m: MosMessage): void {
    if (this.origin && this.embedded) this.win.parent.postMessage(encode(null, m), this.origin);
  }

  on(listener: (m: MosMessage, reply: (m: MosMessage) => void) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
