import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutawayClient } from '@cutaway/shared/client';
import { countFrames, freePort, pushTestSource, readCounter, type Generator } from '../live/generator';
import { clientFor, eventually, startServer, tempDir, type ServerProcess } from './harness';

/**
 * One real short scheduled recording (issue 11 "Scheduled recordings"): an SRT source with a burnt-in counter, a
 * recording scheduled a few seconds ahead for 5 s, and the asset it makes: first and last frames are the buffer's
 * frames at the scheduled start and end. (Recurrence, restart and exactly-once: live-recording-scheduler.test.ts.)
 */
describe('a scheduled recording makes a frame-exact asset (real process, real ffmpeg)', () => {
  let server: ServerProcess;
  let client: CutawayClient;
  let gen: Generator | undefined;
  const token = 'admin-secret-for-recording-tests-0123';
  const dirs: Array<{ dir: string; cleanup: () => Promise<void> }> = [];

  beforeAll(async () => {
    dirs.push(await tempDir('rec-data'), await tempDir('rec-work'));
    server = await startServer(dirs[0]!.dir, { CUTAWAY_ADMIN_TOKEN: token, CUTAWAY_ENRICH: 'off' });
    client = clientFor(server.url, token);
  }, 60_000);

  afterAll(async () => {
    await gen?.kill();
    await server?.stop();
    for (const d of dirs) await d.cleanup();
  });

  async function bufferCounterAt(channelId: string, atMs: number): Promise<number | null> {
    const base = `${server.url}/api/v1/live/channels/${channelId}/`;
    const lines = (await (await fetch(`${base}preview.m3u8?token=${token}`)).text()).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) continue;
      const start = Date.parse(lines[i]!.slice(25));
      const dur = Math.round(Number.parseFloat(lines[i + 1]!.slice(8)) * 1000);
      if (atMs < start || atMs >= start + dur) continue;
      const file = join(dirs[1]!.dir, `seg-${start}.ts`);
      await writeFile(file, Buffer.from(await (await fetch(`${base}${lines[i + 2]!}`)).arrayBuffer()));
      return readCounter(file, Math.floor(((atMs - start) * 25) / 1000), dirs[1]!.dir);
    }
    return null;
  }

  it('records [start, end] of a one-off schedule into an asset, frame-exact', async () => {
    const port = await freePort();
    const ch = await client.createLiveChannel({ name: 'Council chamber', input: { url: `srt://127.0.0.1:${port}?mode=listener` }, segmentSeconds: 2, bufferMinutes: 10, height: 360, videoBitrateKbps: 800 });
    for (let attempt = 0; attempt < 8 && (await client.getLiveChannel(ch.id)).state !== 'live'; attempt++) {
      await gen?.kill();
      gen = pushTestSource(`srt://127.0.0.1:${port}?mode=caller`, { seconds: 600 });
      await eventually(async () => (await client.getLiveChannel(ch.id)).state === 'live' || gen!.proc.exitCode !== null, 30_000, 250);
    }
    const startMs = Date.now() + 3_170;
    const rec = await client.createLiveRecording(ch.id, {
      title: 'Council session', tags: ['council'], startAt: new Date(startMs).toISOString(), endAt: new Date(startMs + 5_000).toISOString(),
    });
    expect(rec.nextAt).toBe(new Date(startMs).toISOString());
    expect((await client.listLiveRecordings(ch.id)).map((r) => r.id)).toEqual([rec.id]);

    const run = await eventually(async () => (await client.getLiveRecording(ch.id, rec.id)).runs[0], 30_000, 250);
    expect(run.error).toBeNull();
    expect((await client.getLiveRecording(ch.id, rec.id)).nextAt).toBeNull();
    const clip = await eventually(async () => {
      const c = await client.getLiveClip(ch.id, run.clipId);
      if (c.state === 'failed') throw new Error(JSON.stringify(c.failure));
      return c.state === 'exact' ? c : null;
    }, 60_000, 250);
    expect([clip.inAt, clip.outAt, clip.assetId, clip.title]).toEqual([new Date(startMs).toISOString(), new Date(startMs + 5_000).toISOString(), run.assetId, 'Council session']);

    const res = await fetch(`${server.url}/api/v1/assets/${clip.assetId}/media?rendition=original`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const file = join(dirs[1]!.dir, 'recording.mp4');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const frames = await countFrames(file);
    const first = await readCounter(file, 0, dirs[1]!.dir);
    const last = await readCounter(file, frames - 1, dirs[1]!.dir);
    expect([first, last]).toEqual([await bufferCounterAt(ch.id, startMs), await bufferCounterAt(ch.id, startMs + 5_000)]);
    // Both end frames are included (the frame shown at endAt is the last one): 5 s at 25 fps spans 125 or 126 frames.
    expect(last! - first! + 1).toBe(frames);
    expect(frames).toBeGreaterThanOrEqual(125);
    expect(frames).toBeLessThanOrEqual(126);

    // Cancelling keeps what was made; unknown ids are a clear 404.
    await client.deleteLiveRecording(ch.id, rec.id);
    expect(await client.listLiveRecordings(ch.id)).toEqual([]);
    await expect(client.getLiveRecording(ch.id, rec.id)).rejects.toMatchObject({ code: 'live.recording_not_found' });
    expect((await client.getAsset(clip.assetId)).origin).toEqual({ kind: 'live', ref: ch.id });
  }, 150_000);
});
