import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@cutaway/shared/testing';
import { listen } from './listener';

describe('listen', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('names the address in words when the port is taken (the gateway logs it and exits 1)', async () => {
    const port = await freePort();
    const other = createServer();
    await new Promise<void>((ok) => other.listen(port, '127.0.0.1', () => ok()));
    closers.push(() => new Promise((ok) => other.close(() => ok())));
    await expect(listen('127.0.0.1', port, pino({ level: 'silent' }), () => ({ onData: () => undefined, onClose: () => undefined })))
      .rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
  });

});
