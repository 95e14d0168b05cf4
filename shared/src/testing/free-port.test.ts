import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, portSlice } from './free-port';

describe('freePort', () => {
  const given: number[] = [];
  it('hands out distinct ports below the ephemeral range, bindable for TCP and UDP', async () => {
    const floor = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    given.push(...ports);
    expect(new Set(ports).size).toBe(20);
    for (const p of ports) expect(p).toBeLessThan(floor);
    const tcp = createServer();
    await new Promise<void>((ok) => tcp.listen(ports[0], '127.0.0.1', () => ok()));
    const udp = createSocket('udp4');
    await new Promise<void>((ok) => udp.bind(ports[0], '127.0.0.1', () => ok()));
    await new Promise<void>((ok) => tcp.close(() => ok()));
    await new Promise<void>((ok) => udp.close(() => ok()));
  });

  it('skips ports something else listens on', async () => {
    // Everything in this worker's slice is taken but one port: that one is the answer.
    const { low, size } = portSlice();
    given.push(await freePort());
    let spare = -1;
    const servers: ReturnType<typeof createServer>[] = [];
    for (let p = low; p < low + size; p++) {
      const srv = createServer();
      const ok = await new Promise<boolean>((done) => {
        srv.once('error', () => done(false));
        srv.listen(p, '127.0.0.1', () => done(true));
      });
      if (!ok) continue;
      if (spare < 0 && !given.includes(p)) {
        spare = p;
        await new Promise<void>((done) => srv.close(() => done()));
        continue;
      }
      servers.push(srv);
    }
    try {
      expect(spare).toBeGreaterThan(0);
      expect(await freePort()).toBe(spare);
      await expect(freePort()).rejects.toThrow(/no free port/);
    } finally {
      for (const srv of servers) await new Promise<void>((done) => srv.close(() => done()));
    }
  });
});
