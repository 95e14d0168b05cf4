import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CutawayClient } from '@cutaway/shared/client';
import { ClientCredentialsAuth } from '../src/auth/ims';
import { FrameioClient } from '../src/frameio/client';
import { FrameioHttp } from '../src/frameio/http';
import { DeliveryQueue } from '../src/state/deliveries';
import { openStateDb, type StateDb } from '../src/state/state-db';
import { UploadStore } from '../src/state/uploads';
import { WebhookProcessor } from '../src/webhook/processor';
import { FrameioFake } from './fake/frameio-fake';
import { freePort } from './e2e/processes';
import { quietLog, tempDir } from './helpers';

let fake: FrameioFake;
let db: StateDb;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempDir('fio-proc');
  cleanup = t.cleanup;
  fake = new FrameioFake({ dir: join(t.dir, 'fake') });
  await fake.start();
  db = openStateDb(join(t.dir, 'state.db'));
});
afterAll(async () => {
  db.close();
  await fake.stop();
  await cleanup();
});

describe('webhook processor', () => {
  it('keeps a delivery queued for as long as platform-api is unreachable, never parking it', async () => {
    const queue = new DeliveryQueue(db);
    const frameio = new FrameioClient(new FrameioHttp({ base: fake.url, tokens: new ClientCredentialsAuth({ imsBase: fake.url, clientId: 'cid', clientSecret: 'csecret' }), backoffMs: 1, log: quietLog }));
    // A port nobody listens on: every platform-api call fails with a network error.
    const cutaway = new CutawayClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, token: 't' });
    const processor = new WebhookProcessor({ queue, frameio, cutaway, uploads: new UploadStore(db), frameBase: 1, backoffMs: 0, log: quietLog });
    const file = { id: 'f0000000-0000-4000-8000-000000000000' };
    const comment = fake.addComment(file.id, { text: 'x', timestamp: 1, by: fake.serviceUser });
    const event = { type: 'comment.created', resource: { id: comment.id, type: 'comment' }, account: { id: fake.account }, workspace: { id: fake.workspace }, project: { id: fake.project }, user: { id: 'u' } };
    expect(queue.enqueue({ replayKey: 'k1', event, sentAt: Math.floor(Date.now() / 1000), body: JSON.stringify(event) })).toBe(true);
    for (let round = 0; round < 15; round++) expect(await processor.drain()).toBe(1);
    expect(queue.counts()).toEqual({ pending: 1 });
    const row = db.prepare('SELECT attempts, last_error FROM deliveries').get() as { attempts: number; last_error: string };
    expect(row.attempts).toBe(15);
    expect(row.last_error).toMatch(/platform-api unreachable/);
  });
});
