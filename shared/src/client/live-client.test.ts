import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import type { LiveChannel, LiveClip } from '../schemas/live';
import { CutawayClient } from './api-client';
import { startTestServer, wireError, type TestServer } from './test-server';

const at = '2026-12-06T18:00:00.000Z';
const channel: LiveChannel = {
  id: 'chan_000001', name: 'Press room', input: { url: 'srt://127.0.0.1:9000?mode=listener' }, bufferMinutes: 120, segmentSeconds: 2,
  height: 360, videoBitrateKbps: 800, desired: 'running', state: 'live',
  health: { bitrateKbps: 900, lastSegmentAt: at, dropouts: 0, restarts: 0, lastError: null },
  buffer: { startAt: at, endAt: at, segments: 1 }, rate: { num: 25, den: 1 }, createdAt: at, updatedAt: at,
};
const clip: LiveClip = {
  id: 'clip_000001', channelId: channel.id, assetId: 'asset_000001', title: 'Statement', tags: [], cue: null, inAt: at, outAt: null, state: 'waiting',
  coveredFrom: null, coveredTo: null, gaps: [], instantReadyAt: null, exactReadyAt: null, failure: null, createdAt: at, updatedAt: at,
};

let server: TestServer;
let client: CutawayClient;
beforeEach(async () => {
  server = await startTestServer();
  client = new CutawayClient({ baseUrl: server.baseUrl, token: 'secret-token' });
});
afterEach(() => server.close());

describe('CutawayClient live methods', () => {
  it('creates a channel and a clip with the server schemas, and parses the replies', async () => {
    server.routes['POST /api/v1/live/channels'] = { status: 201, body: channel };
    server.routes[`POST /api/v1/live/channels/${channel.id}/clips`] = { status: 202, body: { clipId: clip.id, assetId: clip.assetId, clip } };
    await expect(client.createLiveChannel({ name: 'Press room', input: { url: channel.input.url } })).resolves.toEqual(channel);
    expect(JSON.parse(server.requests[0]!.body.toString('utf8'))).toMatchObject({ name: 'Press room', segmentSeconds: 2, start: true });
    const accepted = await client.createLiveClip(channel.id, { inAt: at, title: 'Statement' });
    expect(accepted).toMatchObject({ clipId: clip.id, assetId: clip.assetId });
  });

  it('refuses a bad input URL before sending, and turns server errors back into AppError', async () => {
    await expect(client.createLiveChannel({ name: 'x', input: { url: 'file:///etc/passwd' } })).rejects.toMatchObject({ code: 'request.invalid' });
    expect(server.requests).toHaveLength(0);
    server.routes[`POST /api/v1/live/channels/${channel.id}/clips`] = { status: 400, body: wireError('live.out_of_buffer', 'inAt is before the oldest frame') };
    const err = await client.createLiveClip(channel.id, { inAt: at, outAt: at, title: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('live.out_of_buffer');
  });

  it('builds a preview URL a player can open, with the token only when asked', () => {
    expect(client.livePreviewUrl(channel.id)).toBe(`${server.baseUrl}/api/v1/live/channels/${channel.id}/preview.m3u8`);
    expect(client.livePreviewUrl(channel.id, { withToken: true })).toContain('token=secret-token');
  });
});
