import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/webhook/signature';
import { WebhookEmitter } from './fake/webhook-emitter';

/** The fake's emitter must behave like Frame.io for the e2e to mean anything (docs/frameio.md §2.5). */
describe('webhook emitter (Frame.io side)', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  async function receiver(answer: (n: number) => { status: number; delayMs?: number }) {
    const seen: Array<{ ts: string; sig: string; body: Buffer }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ ts: String(req.headers['x-frameio-request-timestamp']), sig: String(req.headers['x-frameio-signature']), body: Buffer.concat(chunks) });
        const a = answer(seen.length);
        setTimeout(() => res.writeHead(a.status).end(), a.delayMs ?? 0);
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    close = () => new Promise((ok) => (server.closeAllConnections(), server.close(() => ok())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, seen };
  }
  const emitterFor = (url: string, timeoutMs = 5000) =>
    new WebhookEmitter({ url: () => url, secret: () => 's3cret', account: 'a', workspace: 'w', project: 'p', retryDelaysMs: [5, 5, 5, 5], timeoutMs });

  it('signs every attempt verifiably and retries non-2xx up to 5 attempts in all', async () => {
    const r = await receiver((n) => ({ status: n < 3 ? 503 : 200 }));
    const result = await emitterFor(r.url).emit('comment.created', { id: 'c1', type: 'comment' }, 'u1');
    expect(result).toMatchObject({ status: 200, attempts: 3 });
    for (const s of r.seen) expect(() => verifyWebhook({ timestamp: s.ts, signature: s.sig, rawBody: s.body }, ['s3cret'], Math.floor(Date.now() / 1000))).not.toThrow();
    const never = await receiver(() => ({ status: 500 }));
    expect(await emitterFor(never.url).emit('file.ready', { id: 'f1', type: 'file' }, 'u1')).toMatchObject({ status: 500, attempts: 5 });
    expect(never.seen).toHaveLength(5);
  });

  it('counts a reply slower than its timeout as failed and tries again; duplicates and reorders on request', async () => {
    const r = await receiver((n) => ({ status: 200, delayMs: n === 1 ? 400 : 0 }));
    const e = emitterFor(r.url, 200);
    expect(await e.emit('comment.updated', { id: 'c1', type: 'comment' }, 'u1', { duplicates: 2 })).toMatchObject({ status: 200, attempts: 2 });
    expect(r.seen).toHaveLength(4);
    e.hold();
    const sent = [e.emit('comment.created', { id: 'first', type: 'comment' }, 'u1'), e.emit('comment.created', { id: 'second', type: 'comment' }, 'u1')];
    await e.release({ reverse: true });
    await Promise.all(sent);
    expect(r.seen.slice(-2).map((s) => JSON.parse(s.body.toString()).resource.id)).toEqual(['second', 'first']);
  });
});
