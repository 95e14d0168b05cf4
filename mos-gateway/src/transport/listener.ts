import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/**
 * A listening MOS port (MOS 2.8.5 §2.1: each side accepts at least two sockets per port and must
 * tolerate one message per short-lived socket). Every socket gets its own handler from `accept`.
 */
export interface Connection {
  onData(chunk: Buffer): void;
  onClose(): void;
}

export async function listen(host: string, port: number, log: Logger, accept: (write: (b: Buffer) => void, remote: string) => Connection): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.setNoDelay(true);
    const remote = `${s.remoteAddress}:${s.remotePort}`;
    const conn = accept((b) => {
      if (!s.destroyed) s.write(b);
    }, remote);
    s.on('data', (chunk: Buffer) => conn.onData(chunk));
    s.on('error', (err) => log.debug({ err: err.message, remote }, 'socket error'));
    s.on('close', () => {
      sockets.delete(s);
      conn.onClose();
    });
  });
  await bind(server, port, host);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** server.listen as a promise whose failure names the address in words (an operator reads which port is taken). */
export function bind(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is in use (another gateway or service holds it)' : err.message;
      fail(new Error(`cannot listen on ${host}:${port}: ${why}`, { cause: err }));
    });
    server.listen(port, host, () => ok());
  });
}
