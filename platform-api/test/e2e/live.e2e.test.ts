import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveChannelSchema, LiveClipSchema, type CutawayEvent, type LiveClip } from '@cutaway/shared';
import { countFrames, freePort, pushTestSource, readCounter, type Generator } from '../live/generator';
import { api, listen, startServer, tempDir, type ServerProcess } from './harness';

/**
 * Live ingest and live-to-VOD on 127.0.0.1 with real ffmpeg on both ends (issue 11 "Tests"): a generator pushes
 * testsrc2 with a burnt-in frame counter over SRT and RTMP, clips are checked frame-exact with tesseract against
 * the buffer's own frames, a killed source leaves a marked gap and the channel recovers.
 */
describe('live channels and clips (real process, real ffmpeg)', () => {
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let work: { dir: string; cleanup: () => Promise<void> };
  let events: Awaited<ReturnType<typeof listen>>;
  const generators: Generator[] = [];
  const token = 'admin-secret-for-live-tests-0123456789';
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const post = (path: string, body: unknown = {}) => api(server.url, token, path, json(body));
  const get = (path: string) => api(server.url, token, path);

  beforeAll(async () => {
    data = await tempDir('live-data');
    work = await tempDir('live-work');
    server = await startServer(data.dir, { CUTAWAY_ADMIN_TOKEN: token, CUTAWAY_ENRICH: 'off', CUTAWAY_LIVE_GROW_INTERVAL_MS: '2000' });
    events = await listen(server.url, token);
  }, 60_000);

  afterAll(async () => {
    for (const g of generators) await g.kill();
    if (process.env.CUTAWAY_TEST_LIVE_LOGS) await writeFile(process.env.CUTAWAY_TEST_LIVE_LOGS, server.logs.join('\n'));
    events?.close();
    await server?.stop();
    await data?.cleanup();
    await work?.cleanup();
  });

  const waitClip = (clipId: string, state: LiveClip['state'], timeoutMs = 40_000) =>
    events.waitFor((e: CutawayEvent) => e.type === 'live.clip' && e.clip.id === clipId && (e.clip.state === state || e.clip.state === 'failed'), timeoutMs)
      .then((e) => (e as Extract<CutawayEvent, { type: 'live.clip' }>).clip);

  const waitLive = (channelId: string, after = 0, minRestarts = 0) =>
    events.waitFor((e) => e.type === 'live.channel' && e.channel.id === channelId && e.channel.state === 'live' && e.channel.health.restarts >= minRestarts && events.events.indexOf(e) >= after, 30_000);

  /** Pushes the test source; an encoder that gave up before the listener was up is started again (bounded). */
  async function pushUntilLive(channelId: string, url: string, seconds: number, after = events.events.length, minRestarts = 0): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const g = pushTestSource(url, { seconds });
      generators.push(g);
      const outcome = await Promise.race([waitLive(channelId, after, minRestarts).then(() => 'live' as const, () => 'timeout' as const), g.exited.then(() => 'exited' as const)]);
      if (outcome === 'timeout') throw new Error(`channel ${channelId} did not go live in 30 s`);
      if (outcome === 'live') return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`channel ${channelId} never went live`);
  }

  /** Downloads a file through the API. */
  async function download(path: string, name: string, viaQueryToken = false): Promise<string> {
    const res = viaQueryToken ? await fetch(`${server.url}${path}`) : await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const file = join(work.dir, name);
    const len = res.headers.get('content-length');
    const bytes = await res.arrayBuffer().catch((err: unknown) => {
      throw new Error(`download of ${path} (content-length ${len}) broke: ${String(err)}`);
    });
    await writeFile(file, Buffer.from(bytes));
    return file;
  }

  /**
   * The counter the BUFFER shows at a wall-clock instant, read through the authenticated HLS preview a player uses:
   * the segment whose program-date-time span holds the instant, frame floor(offset × 25 / 1000).
   */
  async function bufferCounterAt(channelId: string, atMs: number): Promise<number | null> {
    const base = `/api/v1/live/channels/${channelId}/`;
    const res = await fetch(`${server.url}${base}preview.m3u8?token=${token}`);
    expect(res.headers.get('content-type')).toContain('mpegurl');
    const lines = (await res.text()).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) continue;
      const start = Date.parse(lines[i]!.slice(25));
      const dur = Math.round(Number.parseFloat(lines[i + 1]!.slice(8)) * 1000);
      if (atMs < start || atMs >= start + dur) continue;
      const uri = lines[i + 2]!;
      expect(uri).toContain(`token=${token}`);
      const seg = await download(`${base}${uri}`, `seg-${start}.ts`, true);
      return readCounter(seg, Math.floor(((atMs - start) * 25) / 1000), work.dir);
    }
    return null;
  }

  async function checkExact(channelId: string, clip: LiveClip) {
    const file = await download(`/api/v1/assets/${clip.assetId}/media?rendition=original`, `${clip.id}.mp4`);
    const frames = await countFrames(file);
    const first = await readCounter(file, 0, work.dir);
    const last = await readCounter(file, frames - 1, work.dir);
    const wantFirst = await bufferCounterAt(channelId, Date.parse(clip.inAt));
    const wantLast = await bufferCounterAt(channelId, Date.parse(clip.outAt!));
    expect(wantFirst).not.toBeNull();
    expect([first, last]).toEqual([wantFirst, wantLast]);
    return { frames, first: first!, last: last! };
  }

  let srtChannel = '';

  it('records an SRT push into a rolling buffer and reports it live', async () => {
    const port = await freePort();
    const created = await post('/api/v1/live/channels', {
      name: 'Press room', input: { url: `srt://127.0.0.1:${port}?mode=listener` }, segmentSeconds: 2, bufferMinutes: 10, height: 360, videoBitrateKbps: 800,
    });
    expect(created.status).toBe(201);
    const channel = LiveChannelSchema.parse(created.body);
    expect(channel.state).toBe('starting');
    srtChannel = channel.id;
    await pushUntilLive(srtChannel, `srt://127.0.0.1:${port}?mode=caller`, 600);
    const got = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    expect(got.state).toBe('live');
    expect(got.rate).toEqual({ num: 25, den: 1 });
    expect(got.health.bitrateKbps).toBeGreaterThan(0);
  }, 60_000);

  it('cuts a clip whose first and last frames are those at inAt and outAt', async () => {
    // Let ~9 s accumulate, then ask for an interval that starts and ends mid-segment, ending in the future.
    await new Promise((r) => setTimeout(r, 7000));
    const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    const start = Date.parse(ch.buffer!.startAt);
    const inAt = new Date(start + 2_370).toISOString();
    const outAt = new Date(start + 9_810).toISOString();
    const res = await post(`/api/v1/live/channels/${srtChannel}/clips`, { inAt, outAt, title: 'Minister statement', tags: ['presser'] });
    expect(res.status).toBe(202);
    expect(res.body.assetId).toMatch(/\S/);
    const instant = await waitClip(res.body.clipId, 'instant');
    expect(instant.state).toBe('instant');
    // The instant master starts on the segment grid: at or before the in-point.
    expect(Date.parse(instant.coveredFrom!)).toBeLessThanOrEqual(Date.parse(inAt));
    const exact = LiveClipSchema.parse(await waitClip(res.body.clipId, 'exact'));
    expect(exact.state).toBe('exact');
    expect(exact.gaps).toEqual([]);
    const { frames, first, last } = await checkExact(srtChannel, exact);
    expect(last - first + 1).toBe(frames);
    const asset = await get(`/api/v1/assets/${exact.assetId}`);
    expect(asset.body.origin).toEqual({ kind: 'live', ref: srtChannel });
    expect(asset.body.title).toBe('Minister statement');
  }, 90_000);

  it('refuses bad ranges, unknown channels and bad inputs with clear errors', async () => {
    const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    const end = Date.parse(ch.buffer!.endAt);
    const backwards = await post(`/api/v1/live/channels/${srtChannel}/clips`, { inAt: new Date(end - 1000).toISOString(), outAt: new Date(end - 3000).toISOString(), title: 'x' });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'live.range_invalid']);
    const old = await post(`/api/v1/live/channels/${srtChannel}/clips`, { inAt: new Date(end - 3_600_000).toISOString(), outAt: new Date(end).toISOString(), title: 'x' });
    expect([old.status, old.body.error.code]).toEqual([400, 'live.out_of_buffer']);
    expect(old.body.error.details.bufferStart).toBe(ch.buffer!.startAt);
    const unknown = await post('/api/v1/live/channels/nochannel1/clips', { inAt: new Date(end).toISOString(), title: 'x' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'live.channel_not_found']);
    const garbage = await post(`/api/v1/live/channels/${srtChannel}/clips`, { inAt: 'yesterday', title: 'x' });
    expect([garbage.status, garbage.body.error.code]).toEqual([400, 'request.invalid']);
    const badUrl = await post('/api/v1/live/channels', { name: 'x', input: { url: 'file:///etc/passwd' } });
    expect([badUrl.status, badUrl.body.error.code]).toEqual([400, 'request.invalid']);
    expect((await get('/api/v1/live/channels/nochannel1/clips/noclip0001')).body.error.code).toBe('live.channel_not_found');
  });

  it('grows an open-ended clip that is searchable while it grows, then closes it exactly', async () => {
    const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    const inAt = new Date(Date.parse(ch.buffer!.endAt) - 1_130).toISOString();
    const res = await post(`/api/v1/live/channels/${srtChannel}/clips`, { inAt, title: 'Harbour fire live', tags: ['breaking'] });
    expect(res.status).toBe(202);
    const growing = await waitClip(res.body.clipId, 'growing');
    expect(growing.outAt).toBeNull();
    const found = await get('/api/v1/search?q=harbour');
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).toContain(res.body.assetId);
    await new Promise((r) => setTimeout(r, 3000));
    const stopped = await post(`/api/v1/live/channels/${srtChannel}/clips/${res.body.clipId}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.outAt).not.toBeNull();
    const again = await post(`/api/v1/live/channels/${srtChannel}/clips/${res.body.clipId}/stop`);
    expect([again.status, again.body.error.code]).toEqual([409, 'live.clip_closed']);
    const exact = await waitClip(res.body.clipId, 'exact');
    await checkExact(srtChannel, exact);
  }, 90_000);

  it('marks the gap when the source is killed mid-stream, recovers, and states the gap in a clip over it', async () => {
    const before = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    const killedAt = Date.now();
    await generators[0]!.kill();
    // The recorder notices the dead peer, exits and listens again (a restart), then a new source dials in.
    await events.waitFor((e) => e.type === 'live.channel' && e.channel.id === srtChannel && e.channel.health.restarts > before.health.restarts, 30_000);
    const url = new URL(before.input.url);
    const mark = events.events.length;
    await pushUntilLive(srtChannel, `srt://127.0.0.1:${url.port}?mode=caller`, 600, mark, before.health.restarts + 1);
    // The hole is marked once the new run's wall-clock placement has settled (its fifth segment).
    const gapEvent = await events.waitFor((e) => e.type === 'live.gap' && e.channelId === srtChannel, 40_000);
    const gap = (gapEvent as Extract<CutawayEvent, { type: 'live.gap' }>).gap;
    // The hole starts where the last frame before the kill sits on the timeline (within a segment and some lag).
    expect(Math.abs(Date.parse(gap.startAt) - killedAt)).toBeLessThanOrEqual(3000);
    expect(gap.reason).toMatch(/recorder exited|stalled/);
    const timeline = (await get(`/api/v1/live/channels/${srtChannel}/timeline`)).body;
    expect(timeline.ranges.length).toBeGreaterThanOrEqual(2);
    expect(timeline.gaps).toContainEqual(gap);
    const after = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${srtChannel}`)).body);
    expect(after.health.dropouts).toBeGreaterThan(before.health.dropouts);
    expect(after.health.restarts).toBeGreaterThanOrEqual(1);

    await new Promise((r) => setTimeout(r, 3000));
    const res = await post(`/api/v1/live/channels/${srtChannel}/clips`, {
      inAt: new Date(Date.parse(gap.startAt) - 1500).toISOString(), outAt: new Date(Date.parse(gap.endAt) + 1500).toISOString(), title: 'Over the dropout',
    });
    expect(res.status).toBe(202);
    const clip = await waitClip(res.body.clipId, 'exact');
    expect(clip.state).toBe('exact');
    expect(clip.gaps).toHaveLength(1);
    expect(clip.gaps[0]!.reason).toBe(gap.reason);
    const file = await download(`/api/v1/assets/${clip.assetId}/media?rendition=original`, 'over-gap.mp4');
    // Made from what exists: about 3 s of picture (1.5 s each side), not the full span.
    const frames = await countFrames(file);
    expect(frames).toBeGreaterThanOrEqual(70);
    expect(frames).toBeLessThanOrEqual(80);
  }, 90_000);

  it('records an RTMP push too', async () => {
    await post(`/api/v1/live/channels/${srtChannel}/stop`);
    for (const g of generators) await g.kill();
    const port = await freePort();
    const created = await post('/api/v1/live/channels', { name: 'Studio RTMP', input: { url: `rtmp://127.0.0.1:${port}/live/studio` }, segmentSeconds: 2, bufferMinutes: 5, height: 360, videoBitrateKbps: 800 });
    expect(created.status).toBe(201);
    // The listener binds a moment after the channel exists: an encoder that dialled too early is started again.
    await pushUntilLive(created.body.id, `rtmp://127.0.0.1:${port}/live/studio`, 600);
    await new Promise((r) => setTimeout(r, 4500));
    const ch = LiveChannelSchema.parse((await get(`/api/v1/live/channels/${created.body.id}`)).body);
    const start = Date.parse(ch.buffer!.startAt);
    const res = await post(`/api/v1/live/channels/${created.body.id}/clips`, { inAt: new Date(start + 1_050).toISOString(), outAt: new Date(start + 4_450).toISOString(), title: 'RTMP clip' });
    const clip = await waitClip(res.body.clipId, 'exact');
    expect(clip.state).toBe('exact');
    await checkExact(created.body.id, clip);
  }, 90_000);
});
