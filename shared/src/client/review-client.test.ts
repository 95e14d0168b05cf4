import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import { CutawayClient } from './api-client';
import { startTestServer, type TestServer } from './test-server';

const TOKEN = 'secret-token';
let server: TestServer;
let client: CutawayClient;
beforeEach(async () => {
  server = await startTestServer();
  client = new CutawayClient({ baseUrl: server.baseUrl, token: TOKEN });
});
afterEach(() => server.close());

describe('CutawayClient review methods', () => {
  it('validates a review request before sending and posts it to /assets/:id/review', async () => {
    await expect(client.requestReview('asset_000001', { destination: 'dest_000001', inMs: 5000, outMs: 1000 })).rejects.toMatchObject({ code: 'request.invalid' });
    expect(server.requests).toHaveLength(0);
    server.routes['POST /api/v1/assets/asset_000001/review'] = {
      status: 202,
      body: {
        id: 'req_0000001', assetId: 'asset_000001', familyId: 'asset_000001', destinationId: 'dest_000001', rendition: 'proxy', inMs: null, outMs: null, cutInMs: null,
        state: 'queued', percent: 0, stage: null, attempts: 0, claimedBy: null, leaseUntil: null, frameio: { fileId: null, versionStackId: null, viewUrl: null, shareUrl: null },
        failure: null, createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:00.000Z',
      },
    };
    await expect(client.requestReview('asset_000001', { destination: 'dest_000001' })).resolves.toMatchObject({ state: 'queued' });
    expect(JSON.parse(server.requests[0]!.body.toString())).toEqual({ destination: 'dest_000001', rendition: 'proxy' });
  });

  it('sends the marker id of a deletion as a query parameter', async () => {
    server.routes['DELETE /api/v1/assets/asset_000001/markers'] = { status: 204 };
    await client.deleteReviewMarker('asset_000001', 'c/1?x');
    expect(server.requests[0]!.query.get('externalId')).toBe('c/1?x');
  });

  it('downloadMedia streams the bytes with size and the real cut points; an error body becomes the AppError', async () => {
    server.routes['GET /api/v1/assets/asset_000001/media'] = { status: 200, body: 'BYTES', headers: { 'content-length': '5', 'x-cutaway-in-ms': '960', 'x-cutaway-out-ms': '4000' } };
    const dl = await client.downloadMedia('asset_000001', { rendition: 'proxy', inMs: 1000, outMs: 4000 });
    expect(await new Response(dl.body as ReadableStream).text()).toBe('BYTES');
    expect(dl).toMatchObject({ sizeBytes: 5, inMs: 960, outMs: 4000 });
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({ rendition: 'proxy', inMs: '1000', outMs: '4000' });
    server.routes['GET /api/v1/assets/asset_000002/media'] = { status: 404, body: { error: { code: 'asset.not_found', message: 'No asset asset_000002' } } };
    const err = await client.downloadMedia('asset_000002', { rendition: 'original' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('asset.not_found');
  });
});
