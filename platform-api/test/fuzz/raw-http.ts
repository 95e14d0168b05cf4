import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  /** Written after the head; already framed (chunked, truncated …) as the case wants. */
  body: Buffer;
  /** The body is shorter than declared: the client vanishes after a moment. */
  hangUpEarly?: boolean;
  /** What the case is, for the failure report. */
  label: string;
}

export type RawOutcome =
  | { kind: 'response'; status: number; head: string; body: string }
  | { kind: 'closed' } // the server closed the connection without a response (acceptable for broken framing)
  | { kind: 'timeout' } // nothing within the bound (the server waits for bytes the case never sends)
  | { kind: 'refused'; error: string }; // nothing listens any more: the process is gone

/**
 * One request over a raw TCP socket, so the fuzzer can send what no HTTP client would (broken
 * framing, lying Content-Length, odd header bytes). `Connection: close` keeps one request per socket.
 */
export function sendRaw(port: number, req: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (o: RawOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const parsed = (): RawOutcome | null => {
      let all = Buffer.concat(chunks).toString('latin1');
      // Interim 1xx answers (100 Continue to an Expect header) precede the real one: skip them.
      while (/^HTTP\/1\.[01] 1\d\d/.test(all) && all.includes('\r\n\r\n')) all = all.slice(all.indexOf('\r\n\r\n') + 4);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(all);
      if (!m) return null;
      const split = all.indexOf('\r\n\r\n');
      return { kind: 'response', status: Number(m[1]), head: split >= 0 ? all.slice(0, split) : all, body: split >= 0 ? all.slice(split + 4, split + 4 + 2000) : '' };
    };
    // A body that promises more than it sends makes the server wait: hang up early, as a vanished client would.
    const timer = setTimeout(() => finish(parsed() ?? { kind: 'timeout' }), req.hangUpEarly ? Math.min(timeoutMs, 400) : timeoutMs);
    socket.on('connect', () => {
      const head = [`${req.method} ${req.target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...req.headers.map(([k, v]) => `${k}: ${v}`)].join('\r\n');
      socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), req.body]), () => undefined);
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      // The status line and a bit of the body are all the oracle needs.
      const p = parsed();
      if (p && p.kind === 'response' && (p.body.length >= 2000 || (p.status < 500 && p.head.length > 0 && Buffer.concat(chunks).length > 64 * 1024))) finish(p);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') return finish({ kind: 'refused', error: err.message });
      finish(parsed() ?? { kind: 'closed' });
    });
    socket.on('close', () => finish(parsed() ?? { kind: 'closed' }));
  });
}
