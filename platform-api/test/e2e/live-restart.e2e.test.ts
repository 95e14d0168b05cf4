import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveChannelSchema, LiveClipSchema } from '@cutaway/shared';
import { freePort, pushTestSource, type Generator } from '../live/generator';
import { api, eventually, startServer, tempDir, type ServerProcess } from './harness';

/**
 * Channels restart with the process and accepted clips survive a crash (issue 11 "Channels"; house rule
 * "crashes lose no accepted work"): platform-api is killed -9 while a clip waits for its out-point.
 */
describe('live channels across a crash (real processes)', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  const generators: Generator[] = [];
  const token = 'admin-secret-for-live-restart-0123456789';
  const env = { CUTAWAY_ADMIN_TOKEN: token, CUTAWAY_ENRICH: 'off', CUTAWAY_WORKER_CONCURRENCY: '0' };
  const post = (path: string, body: unknown = {}) => api(server.url, token, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = (path: string) => api(server.url, token, path);

  beforeAll(async () => {
    data = await tempDir('live-restart');
    server = await startServer(data.dir, env);
  }, 60_000);

  afterAll(async () => {
    for (const g of generators) await g.kill();
    await server?.stop();
    await data?.cleanup();
  });

  /** Pushes until the channel reports segments newer than `sinceMs` (an early dial is retried, bounded). */
  async function pushUntilRecording(channelId: string, url: string, sinceMs: number) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const g = pushTestSource(url, { seconds: 600 });
      generators.push(g);
      const ok = await Promise.race([
        eventually(async () => {
          const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${channelId}`)).body);
          return ch.health.lastSegmentAt !== null && Date.parse(ch.health.lastSegmentAt) > sinceMs;
        }, 30_000).then(() => true, () => false),
        g.exited.then(() => false),
      ]);
      if (ok) return;
      await g.kill();
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the channel never recorded');
  }

  it('resumes the channel and finishes the accepted clip after kill -9, with the restart gap marked', async () => {
    const port = await freePort();
    const url = `srt://127.0.0.1:${port}?mode=caller`;
    const created = await post('/api/v1/live/channels', { name: 'Crash test', input: { url: `srt://127.0.0.1:${port}?mode=listener` }, segmentSeconds: 2, bufferMinutes: 10, height: 360, videoBitrateKbps: 600 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await pushUntilRecording(id, url, 0);
    await new Promise((r) => setTimeout(r, 4000));
    const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${id}`)).body);
    // In-point inside the buffer, out-point after the crash: the clip must be finished by the next process.
    const inAt = new Date(Date.parse(ch.buffer!.endAt) - 3000).toISOString();
    const outAt = new Date(Date.now() + 20_000).toISOString();
    const accepted = await post(`/api/v1/live/channels/${id}/clips`, { inAt, outAt, title: 'Across the crash' });
    expect(accepted.status).toBe(202);

    await server.kill9();
    for (const g of generators) await g.kill();
    const crashedAt = Date.now();
    server = await startServer(data.dir, env);
    // The recorder orphaned by kill -9 was stopped (it held the port): the restarted one records again.
    await pushUntilRecording(id, url, crashedAt);

    const clip = await eventually(async () => {
      const c = LiveClipSchema.parse((await get(`/api/v1/live/channels/${id}/clips/${accepted.body.clipId}`)).body);
      return c.state === 'exact' || c.state === 'failed' ? c : null;
    }, 90_000, 500);
    expect(clip.state).toBe('exact');
    expect(clip.gaps.length).toBeGreaterThanOrEqual(1);
    expect(clip.gaps.map((g) => g.reason)).toContain('platform-api restarted');
    const asset = await get(`/api/v1/assets/${clip.assetId}`);
    expect(asset.body.origin).toEqual({ kind: 'live', ref: id });
    const timeline = (await get(`/api/v1/live/channels/${id}/timeline`)).body;
    expect(timeline.gaps.map((g: { reason: string }) => g.reason)).toContain('platform-api restarted');
    const after = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${id}`)).body);
    expect(after.desired).toBe('running');
  }, 240_000);
});
