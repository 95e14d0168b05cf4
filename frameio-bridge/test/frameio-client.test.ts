import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { ClientCredentialsAuth, UserOAuth } from '../src/auth/ims';
import { FrameioClient } from '../src/frameio/client';
import { FrameioHttp } from '../src/frameio/http';
import { SecretBox } from '../src/state/secret-box';
import { SecretStore } from '../src/state/secrets';
import { openStateDb } from '../src/state/state-db';
import { planParts } from '../src/upload/part-plan';
import { UrlExpiredError } from '../src/upload/part-put';
import { uploadParts } from '../src/upload/uploader';
import { FrameioFake } from './fake/frameio-fake';
import { quietLog, tempDir } from './helpers';

let fake: FrameioFake;
let dir: string;
let cleanup: () => Promise<void>;
let fio: FrameioClient;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('fio-client'));
  fake = new FrameioFake({ dir: join(dir, 'fake'), partSize: 64 * 1024, maxPageSize: 2, tokenLifetimeS: 3600 });
  await fake.start();
  const tokens = new ClientCredentialsAuth({ imsBase: fake.url, clientId: 'cid', clientSecret: 'csecret' });
  fio = new FrameioClient(new FrameioHttp({ base: fake.url, tokens, backoffMs: 5, log: quietLog }));
});
afterAll(async () => {
  await fake.stop();
  await cleanup();
});

async function stage(bytes: number): Promise<{ path: string; sha: string }> {
  const data = randomBytes(bytes);
  const path = join(dir, `src-${bytes}.mov`);
  writeFileSync(path, data);
  return { path, sha: createHash('sha256').update(data).digest('hex') };
}

describe('Frame.io client and uploader against the V4 fake', () => {
  it('uploads exact parts in parallel with the documented headers; the fake holds the same bytes', async () => {
    const src = await stage(300_001);
    const file = await fio.createLocalUpload(fake.account, fake.rootFolder, { name: 'cut.mov', file_size: 300_001 });
    expect(file.media_type).toBe('video/quicktime');
    const parts = planParts(300_001, file.upload_urls!);
    expect(parts.length).toBe(5);
    const done: number[] = [];
    await uploadParts({ path: src.path, parts, mediaType: file.media_type, concurrency: 3, retries: 2, backoffMs: 5, done: new Set(), onPartDone: (p) => done.push(p.index) });
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect((await fio.uploadStatus(fake.account, file.id)).upload_complete).toBe(true);
    expect(await fake.sha256(file.id)).toBe(src.sha);
    expect(fake.violations).toEqual([]);
  });

  it('a wrong Content-Type is refused by the fake S3 and surfaces as a failed part, not a retry loop', async () => {
    const src = await stage(70_000);
    const file = await fio.createLocalUpload(fake.account, fake.rootFolder, { name: 'x.mov', file_size: 70_000 });
    const err = await uploadParts({ path: src.path, parts: planParts(70_000, file.upload_urls!), mediaType: 'video/mp4', concurrency: 2, retries: 1, backoffMs: 5, done: new Set(), onPartDone: () => undefined }).catch((e: unknown) => e);
    expect(isAppError(err, 'frameio.upload_failed')).toBe(true);
  });

  it('stops on a 403 from an expired part URL with UrlExpiredError, skipping parts already done on resume', async () => {
    const src = await stage(200_000);
    const file = await fio.createLocalUpload(fake.account, fake.rootFolder, { name: 'y.mov', file_size: 200_000 });
    const parts = planParts(200_000, file.upload_urls!);
    fake.expireAfterParts = 1;
    const done: number[] = [];
    const err = await uploadParts({ path: src.path, parts, mediaType: file.media_type, concurrency: 1, retries: 2, backoffMs: 5, done: new Set(), onPartDone: (p) => done.push(p.index) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UrlExpiredError);
    expect(done).toEqual([0]);
  });

  it('backs off on 429 with the rate-limit headers and succeeds; follows links.next across pages', async () => {
    fake.force429.set('files.create_local_upload', 2);
    const before = fake.calls.get('files.create_local_upload') ?? 0;
    const file = await fio.createLocalUpload(fake.account, fake.rootFolder, { name: 'z.mov', file_size: 10 });
    expect(file.id).toMatch(/-/);
    expect((fake.calls.get('files.create_local_upload') ?? 0) - before).toBe(3);
    const who = fake.addUser('Ana');
    for (let i = 0; i < 5; i++) fake.addComment(file.id, { text: `c${i}`, timestamp: i + 1, by: who });
    const seen: string[] = [];
    for await (const c of fio.listComments(fake.account, file.id)) seen.push(c.text);
    expect(seen).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(fake.calls.get('comments.index')).toBe(3);
    expect(fake.violations).toEqual([]);
  });

  it('gives up after the attempts with frameio.rate_limited when the 429s do not stop', async () => {
    fake.force429.set('files.show', 100);
    const err = await fio.showFile(fake.account, fake.rootFolder).catch((e: unknown) => e);
    expect(isAppError(err, 'frameio.rate_limited')).toBe(true);
    fake.force429.delete('files.show');
  });

  it('user OAuth: code → tokens, the refresh token sealed at rest and rotated on refresh; a 401 renews the access token', async () => {
    const db = openStateDb(join(dir, 'state.db'));
    const secrets = new SecretStore(db, SecretBox.open(undefined, dir));
    const oauth = new UserOAuth({ imsBase: fake.url, clientId: 'cid', clientSecret: 'csecret', redirectUri: 'http://127.0.0.1:1/oauth/callback', secrets });
    const authorize = await fetch(oauth.authorizeUrl(), { redirect: 'manual' });
    const back = new URL(authorize.headers.get('location')!);
    await oauth.completeAuthorization(back.searchParams.get('code')!, back.searchParams.get('state')!);
    const refresh1 = secrets.get('ims.refresh_token')!;
    expect(refresh1).toMatch(/^[0-9a-f]{32}$/);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(dir, 'state.db')).includes(Buffer.from(refresh1))).toBe(false);
    const client = new FrameioClient(new FrameioHttp({ base: fake.url, tokens: oauth, backoffMs: 5, log: quietLog }));
    expect((await client.showFile(fake.account, (await client.createLocalUpload(fake.account, fake.rootFolder, { name: 'o.mov', file_size: 1 })).id)).name).toBe('o.mov');
    // The access token dies (revoked or expired): one 401, a refresh with the stored token, and the call goes through.
    fake.tokens.clear();
    const file = await client.createLocalUpload(fake.account, fake.rootFolder, { name: 'p.mov', file_size: 1 });
    expect(file.name).toBe('p.mov');
    expect(secrets.get('ims.refresh_token')).not.toBe(refresh1);
    await expect(oauth.completeAuthorization('bogus', 'nostate')).rejects.toThrow(/state/);
    db.close();
  });
});
