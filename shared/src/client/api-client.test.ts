import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { AssetSchema, JobSchema, MomentSchema, TokenInfoSchema, WatchFolderSchema } from '../schemas/index';
import { CutawayClient } from './api-client';
import {
  assetFixture, jobFixture, momentFixture, startTestServer, tokenFixture, watchFolderFixture, wireError, type TestServer,
} from './test-server';

const TOKEN = 'secret-token';
let server: TestServer;
let client: CutawayClient;

beforeEach(async () => {
  server = await startTestServer();
  // No transport given: the default fetchTransport over Node's global fetch.
  client = new CutawayClient({ baseUrl: server.baseUrl, token: TOKEN });
});
afterEach(() => server.close());

const rejection = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e as AppError);

describe('CutawayClient', () => {
  it('fixtures match the shared schemas', () => {
    expect(() => [AssetSchema.parse(assetFixture()), MomentSchema.parse(momentFixture), JobSchema.parse(jobFixture),
      TokenInfoSchema.parse(tokenFixture), WatchFolderSchema.parse(watchFolderFixture)]).not.toThrow();
  });

  it('health: GET /api/v1/health with the bearer token, parsed', async () => {
    server.routes['GET /api/v1/health'] = { status: 200, body: { ok: true, version: '0.1.0', components: { db: { ok: true, detail: 'sqlite' } } } };
    await expect(client.health()).resolves.toMatchObject({ ok: true, components: { db: { ok: true } } });
    const [req] = server.requests;
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers.accept).toBe('application/json');
  });

  it('listAssets sends the filters and the default limit; baseUrl may end in /api/v1/', async () => {
    server.routes['GET /api/v1/assets'] = { status: 200, body: { items: [assetFixture()], nextCursor: 'c2' } };
    const c = new CutawayClient({ baseUrl: `${server.baseUrl}/api/v1/`, token: TOKEN });
    const page = await c.listAssets({ type: 'video', status: 'ready', tag: 'flood', cursor: 'c1' });
    expect(page.items[0]?.id).toBe('asset_000001');
    expect(page.nextCursor).toBe('c2');
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({ type: 'video', status: 'ready', tag: 'flood', limit: '50', cursor: 'c1' });
  });

  it('URL-encodes ids', async () => {
    server.routes['GET /api/v1/assets/a%20b%2Fc%3F'] = { status: 200, body: assetFixture() };
    await client.getAsset('a b/c?');
    expect(server.requests[0]?.url).toBe('/api/v1/assets/a%20b%2Fc%3F');
  });

  it('maps an error body to the server AppError (404 asset.not_found)', async () => {
    server.routes['GET /api/v1/assets/asset_missing'] = { status: 404, body: wireError('asset.not_found', 'No such asset', { id: 'asset_missing' }) };
    const err = await rejection(client.getAsset('asset_missing'));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'asset.not_found', message: 'No such asset', details: { id: 'asset_missing' } });
  });

  it('turns schema drift into AppError internal with the zod issues', async () => {
    const { sha256: _dropped, ...drifted } = assetFixture({ sizeBytes: '1024' });
    server.routes['GET /api/v1/assets/asset_000001'] = { status: 200, body: drifted };
    const err = await rejection(client.getAsset('asset_000001'));
    expect(err.code).toBe('internal');
    const paths = (err.details as { path: unknown[] }[]).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['sha256', 'sizeBytes']));
  });

  it('maps a non-JSON error page to AppError internal carrying the status and text', async () => {
    server.routes['GET /api/v1/health'] = { status: 502, body: '<html>Bad Gateway</html>' };
    const err = await rejection(client.health());
    expect(err).toMatchObject({ code: 'internal', details: '<html>Bad Gateway</html>' });
    expect(err.message).toContain('502');
  });

  it('maps a network failure to AppError internal "network error" with the cause', async () => {
    const dead = await startTestServer();
    await dead.close();
    const err = await rejection(new CutawayClient({ baseUrl: dead.baseUrl }).health());
    expect(err).toMatchObject({ code: 'internal', message: 'network error' });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('patchAsset sends validated JSON; an invalid patch fails before any request', async () => {
    server.routes['PATCH /api/v1/assets/asset_000001'] = (req) => ({ status: 200, body: assetFixture(JSON.parse(req.body.toString()) as Record<string, unknown>) });
    const updated = await client.patchAsset('asset_000001', { title: 'New', tags: 'a, b' });
    expect(updated.title).toBe('New');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0]!.body.toString())).toEqual({ title: 'New', tags: ['a', 'b'] });
    await expect(client.patchAsset('asset_000001', {})).rejects.toMatchObject({ code: 'request.invalid' });
    expect(server.requests).toHaveLength(1);
  });

  it('deleteAsset resolves on 204', async () => {
    server.routes['DELETE /api/v1/assets/asset_000001'] = { status: 204 };
    await expect(client.deleteAsset('asset_000001')).resolves.toBeUndefined();
  });

  it('moments filters by kind and unwraps items', async () => {
    server.routes['GET /api/v1/assets/asset_000001/moments'] = { status: 200, body: { items: [momentFixture] } };
    const moments = await client.moments('asset_000001', 'speech');
    expect(moments[0]?.highlighted).toContain('<mark>');
    expect(server.requests[0]?.url).toBe('/api/v1/assets/asset_000001/moments?kind=speech');
  });

  it('search sends lists comma-separated with defaults; an empty q fails locally', async () => {
    server.routes['GET /api/v1/search'] = { status: 200, body: { items: [{ asset: assetFixture(), score: 2, matchedFields: ['title'], moments: [momentFixture] }], nextCursor: null, plan: 'exact', tookMs: 3 } };
    const result = await client.search({ q: 'river "flood"', type: ['video', 'audio'], kind: 'speech,ocr', tags: ['a', 'b'], from: '2025-01-01T00:00:00Z' });
    expect(result.items[0]?.moments).toHaveLength(1);
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({
      q: 'river "flood"', type: 'video,audio', kind: 'speech,ocr', tags: 'a,b', from: '2025-01-01T00:00:00Z', limit: '20', moments: '3', semantic: 'true', versions: 'latest',
    });
    await expect(client.search({ q: ' ' })).rejects.toMatchObject({ code: 'request.invalid' });
    expect(server.requests).toHaveLength(1);
  });

  it('uploadAsset posts multipart with the metadata fields before the file', async () => {
    server.routes['POST /api/v1/assets'] = { status: 201, body: assetFixture({ status: 'ingesting', title: 'Clip' }) };
    const bytes = new Uint8Array([0x00, 0x01, 0xfe, 0xff, 0x42]);
    const asset = await client.uploadAsset(new Blob([bytes], { type: 'video/mp4' }), { fileName: 'clip.mp4', title: 'Clip', tags: ['a', 'b'] });
    expect(asset.status).toBe('ingesting');
    const req = server.requests[0]!;
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const raw = req.body.toString('latin1');
    expect(raw).toMatch(/name="title"\r\n\r\nClip\r\n/);
    expect(raw).toMatch(/name="tags"\r\n\r\na,b\r\n/);
    expect(raw).not.toContain('name="description"');
    expect(raw).toContain('name="file"; filename="clip.mp4"');
    expect(req.body.includes(Buffer.from(bytes))).toBe(true);
    expect(raw.indexOf('name="tags"')).toBeLessThan(raw.indexOf('name="file"'));
  });

  it('builds media and rendition URLs, with the token only when asked', () => {
    expect(client.mediaUrl('asset 1', { rendition: 'proxy', inMs: 1000, outMs: 5000 })).toBe(
      `${server.baseUrl}/api/v1/assets/asset%201/media?rendition=proxy&inMs=1000&outMs=5000`,
    );
    expect(client.mediaUrl('a1', { rendition: 'original', withToken: true })).toBe(`${server.baseUrl}/api/v1/assets/a1/media?rendition=original&token=${TOKEN}`);
    expect(client.renditionUrl('a1', 'thumbnail', { atMs: 1200 })).toBe(`${server.baseUrl}/api/v1/assets/a1/thumbnail?atMs=1200`);
    expect(client.renditionUrl('a1', 'poster', { withToken: true })).toBe(`${server.baseUrl}/api/v1/assets/a1/poster?token=${TOKEN}`);
  });

  it('manages tokens', async () => {
    server.routes['GET /api/v1/tokens'] = { status: 200, body: { items: [tokenFixture] } };
    server.routes['POST /api/v1/tokens'] = { status: 201, body: { ...tokenFixture, token: 'cut_s3cret' } };
    server.routes['DELETE /api/v1/tokens/tok_000001'] = { status: 204 };
    expect(await client.listTokens()).toHaveLength(1);
    expect((await client.createToken({ name: 'panel', role: 'editor' })).token).toBe('cut_s3cret');
    await client.revokeToken('tok_000001');
    expect(JSON.parse(server.requests[1]!.body.toString())).toEqual({ name: 'panel', role: 'editor' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'DELETE']);
  });

  it('manages watch folders', async () => {
    server.routes['GET /api/v1/watch-folders'] = { status: 200, body: { items: [watchFolderFixture] } };
    server.routes['POST /api/v1/watch-folders'] = { status: 201, body: watchFolderFixture };
    server.routes['DELETE /api/v1/watch-folders/wf_0000001'] = { status: 204 };
    expect((await client.listWatchFolders())[0]?.path).toBe('/media/in');
    await client.createWatchFolder({ path: '/media/in', tags: 'wire' });
    await client.deleteWatchFolder('wf_0000001');
    expect(JSON.parse(server.requests[1]!.body.toString())).toMatchObject({ path: '/media/in', tags: ['wire'], settleMs: 2000 });
  });

  it('reads jobs', async () => {
    server.routes['GET /api/v1/jobs/job_000001'] = { status: 200, body: jobFixture };
    server.routes['GET /api/v1/jobs'] = { status: 200, body: { items: [jobFixture] } };
    expect((await client.getJob('job_000001')).percent).toBe(40);
    expect(await client.listJobs({ assetId: 'asset_000001', status: 'running' })).toHaveLength(1);
    expect(server.requests[1]?.url).toBe('/api/v1/jobs?assetId=asset_000001&status=running');
  });

  it('a cancelled call rejects with AppError carrying the abort', async () => {
    server.routes['GET /api/v1/health'] = { status: 200, body: { ok: true, version: '1', components: {} } };
    const err = await rejection(client.health({ signal: AbortSignal.abort() }));
    expect(err).toMatchObject({ code: 'internal', message: 'request aborted' });
    expect((err.cause as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});
