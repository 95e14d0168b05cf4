import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, eventually, inProcessPlatform } from './in-process';

const TUS = { 'tus-resumable': '1.0.0' };
const BOUNDARY = 'leftover-boundary';

/** Issue 7 "Leftovers and resource bounds", with short housekeeping intervals on the real platform. */
describe('leftovers and resource bounds', () => {
  let p: Awaited<ReturnType<typeof inProcessPlatform>>;

  beforeAll(async () => {
    p = await inProcessPlatform({
      CUTAWAY_BODY_IDLE_TIMEOUT_MS: '700', CUTAWAY_UPLOAD_EXPIRY_MS: '1500', CUTAWAY_SWEEP_INTERVAL_MS: '200', CUTAWAY_PARTIAL_MAX_AGE_MS: '1000',
    });
  });
  afterAll(async () => p?.close());

  /** A raw upload on a socket: headers, then `chunks` bytes sent one per `everyMs`; resolves with the status line or 'closed'. */
  const trickle = (chunks: number, everyMs: number, declared: number) =>
    new Promise<string>((ok, fail) => {
      const { port } = new URL(p.url);
      const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\n\r\n`;
      const tail = `\r\n--${BOUNDARY}--\r\n`;
      const length = Buffer.byteLength(head) + declared + Buffer.byteLength(tail);
      const socket = connect(Number(port), '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += String(d)));
      socket.on('error', () => undefined); // a reset is one way of being cut off
      socket.on('close', () => ok(answer ? answer.split('\r\n')[0]! : 'closed'));
      socket.on('connect', async () => {
        socket.write(
          `POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${head}`,
        );
        for (let i = 0; i < chunks && !socket.destroyed; i++) {
          await new Promise((r) => setTimeout(r, everyMs));
          socket.write(Buffer.alloc(1024, i));
        }
        if (chunks * 1024 === declared && !socket.destroyed) socket.write(tail);
      });
      setTimeout(() => fail(new Error('no answer in 30 s')), 30_000).unref();
    });

  it('a body that stops sending is cut off after the idle timeout, and leaves nothing behind', async () => {
    // 2 KiB sent, 100 KiB declared, then silence: before the fix the connection stayed open for ever.
    expect(await trickle(2, 10, 100 * 1024)).toMatch(/^(closed|HTTP\/1\.1 400)/);
    await eventually(async () => (await readdir(join(p.dataDir, 'media', 'assets')).catch(() => [])).length === 0);
    expect((await p.call(null, '/api/v1/health/live')).status).toBe(200);
  });

  it('a slow but steady upload that takes several idle periods still finishes', async () => {
    // 12 chunks 300 ms apart ≈ 3.6 s in all, more than five idle timeouts, never idle for one.
    expect(await trickle(12, 300, 12 * 1024)).toBe('HTTP/1.1 201 Created');
  });

  it('abandoned tus uploads expire on schedule: bytes and bookkeeping deleted', async () => {
    const created = await p.call(ADMIN, '/api/v1/uploads', { method: 'POST', headers: { ...TUS, 'upload-length': '10', 'upload-metadata': `filename ${Buffer.from('a.mp4').toString('base64')}` } });
    expect(created.status).toBe(201);
    const path = new URL(created.headers.get('location')!).pathname;
    const id = path.split('/').pop()!;
    expect(await readdir(join(p.dataDir, 'uploads'))).toEqual(expect.arrayContaining([id, `${id}.json`]));
    await eventually(async () => !(await readdir(join(p.dataDir, 'uploads'))).some((f) => f.startsWith(id)));
    const head = await p.call(ADMIN, path, { method: 'HEAD', headers: TUS });
    expect([404, 410]).toContain(head.status);
  });

  it('crash leftovers in storage (partial files, empty asset folders) are swept on a timer, live ones kept', async () => {
    const assets = join(p.dataDir, 'media', 'assets');
    const old = new Date(Date.now() - 60_000);
    await mkdir(join(assets, 'killed-mid-upload'), { recursive: true });
    await writeFile(join(assets, 'killed-mid-upload', 'original.part-0123456789abcdef'), 'half');
    await utimes(join(assets, 'killed-mid-upload', 'original.part-0123456789abcdef'), old, old);
    await mkdir(join(assets, 'rejected'), { recursive: true });
    await utimes(join(assets, 'rejected'), old, old);
    await mkdir(join(assets, 'kept'), { recursive: true });
    await writeFile(join(assets, 'kept', 'original'), 'a catalogued original');
    await eventually(async () => {
      const left = await readdir(assets);
      return !left.includes('killed-mid-upload') && !left.includes('rejected');
    });
    expect(await readdir(assets)).toContain('kept');
    expect(await readdir(join(assets, 'kept'))).toEqual(['original']);
  });
});
