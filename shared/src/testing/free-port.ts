// Node only (tests and benches): never imported by the UXP or browser bundles.
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that is free for TCP and UDP right now, for a process a test starts (and may
 * kill -9 and start again on the same address).
 *
 * Why not `listen(0)`: the kernel hands that out from the ephemeral range, the same range it draws
 * the local port of every outgoing connection from. Between the release here and the process binding
 * it — or across a restart — a connection made by any other test can take it (seen in CI as
 * EADDRINUSE after a kill -9). Ports below the ephemeral range are never given out implicitly, so
 * only another explicit picker could collide: each vitest worker (VITEST_POOL_ID) draws from its own
 * slice, and a process never hands out the same port twice.
 */
export async function freePort(): Promise<number> {
  const { low, size } = portSlice();
  for (let tries = 0; tries < size; tries++) {
    const port = low + ((cursor++ + start) % size);
    if (handedOut.has(port)) continue;
    if ((await bindable('tcp', port)) && (await bindable('udp', port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${low}–${low + size - 1}`);
}

const SLICE = 640;
const SLICES = 16;
const handedOut = new Set<number>();
let cursor = 0;
const start = Math.floor(Math.random() * SLICE);

/** The ephemeral range's floor (Linux; 32768 elsewhere), and below it this worker's slice. */
export function portSlice(): { low: number; size: number } {
  let floor = 32768;
  try {
    floor = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || floor;
  } catch {
    // Not Linux: keep the IANA default floor.
  }
  const pool = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
  return { low: floor - SLICES * SLICE + pool * SLICE, size: SLICE };
}

function bindable(kind: 'tcp' | 'udp', port: number): Promise<boolean> {
  return new Promise((ok) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => ok(false));
      s.bind(port, '127.0.0.1', () => s.close(() => ok(true)));
      return;
    }
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}
