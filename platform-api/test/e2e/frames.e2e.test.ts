import { writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { framesToMs, isAppError, msToFrames, type Asset } from '@cutaway/shared';
import { CutawayClient } from '@cutaway/shared/client';
import { generateFrameCounter, readNumber } from '../media/frame-counter';
import { listen, startServer, tempDir, type ServerProcess } from './harness';

/**
 * Exact frame grabs (issue 12) on a real server: clips whose every frame shows its own index,
 * at 25 fps and at 29.97 drop-frame; each grabbed PNG is read back with tesseract and must show
 * the frame that is on screen at the requested time (floor(ms · rate)) or the requested label.
 */
describe('GET /assets/:id/frame: the exact frame, read back with tesseract (real process, real ffmpeg)', () => {
  let server: ServerProcess;
  let media: { dir: string; cleanup: () => Promise<void> };
  let data: { dir: string; cleanup: () => Promise<void> };
  let client: CutawayClient;
  const assets: Record<string, Asset> = {};

  beforeAll(async () => {
    media = await tempDir('frames-media');
    data = await tempDir('frames-data');
    await generateFrameCounter(`${media.dir}/pal.mp4`, { rate: '25', frames: 300, width: 640, height: 360, gop: 50 });
    // 62 s, so labels cross the first drop (00:00:59;29 → 00:01:00;02).
    await generateFrameCounter(`${media.dir}/ntsc.mp4`, { rate: '30000/1001', frames: 1860, width: 640, height: 360, gop: 60, timecode: '00:00:00;00' });
    // No console: these tests need only the API (the console's first-start build would race other suites).
    server = await startServer(data.dir, { CUTAWAY_ENRICH: 'off', CUTAWAY_CONSOLE: 'off' });
    client = new CutawayClient({ baseUrl: server.url, token: server.adminToken });
    const events = await listen(server.url, server.adminToken);
    for (const name of ['pal', 'ntsc']) {
      const a = await client.uploadAsset(await openAsBlob(`${media.dir}/${name}.mp4`), { fileName: `${name}.mp4`, title: `counter ${name}` });
      const ready = await events.waitFor((e) => e.type === 'asset.ready' && e.asset.id === a.id, 90_000);
      assets[name] = ready.type === 'asset.ready' ? ready.asset : a;
    }
    events.close();
  }, 360_000);

  afterAll(async () => {
    await server?.stop();
    await data?.cleanup();
    await media?.cleanup();
  });

  async function shown(id: string, q: Parameters<CutawayClient['getFrame']>[1]) {
    const { bytes, info } = await client.getFrame(id, q);
    const path = `${media.dir}/grab-${id}-${info.frame}-${q?.width ?? 'src'}.${info.mime === 'image/png' ? 'png' : 'jpg'}`;
    await writeFile(path, Buffer.from(bytes));
    return { info, number: await readNumber(path), bytes };
  }

  it('at 25 fps: the frame on screen at each ms, frame boundaries exact, at source resolution', async () => {
    const a = assets.pal!;
    expect(a.technical).toMatchObject({ rate: { num: 25, den: 1 }, width: 640, height: 360 });
    for (const ms of [0, 39, 40, 1000, 1999, 2000, 5020, 7777, 11_960, 11_999]) {
      const expected = msToFrames(ms, { num: 25, den: 1 });
      const got = await shown(a.id, { ms });
      expect({ ms, frame: got.info.frame, shows: got.number }).toEqual({ ms, frame: expected, shows: expected });
      expect(got.info).toMatchObject({ width: 640, height: 360, mime: 'image/png', ms: expected * 40, timecode: `00:00:${String(Math.floor(expected / 25)).padStart(2, '0')}:${String(expected % 25).padStart(2, '0')}` });
    }
  }, 360_000);

  it('at 29.97 drop-frame: by ms and by drop-frame label, across the minute where labels are skipped', async () => {
    const a = assets.ntsc!;
    const rate = { num: 30000, den: 1001 };
    expect(a.technical).toMatchObject({ rate, dropFrame: true });
    const cases: Array<[{ ms?: number; tc?: string }, number]> = [
      [{ ms: 1000 }, 29], [{ ms: 1001 }, 30], [{ ms: 33 }, 0], [{ ms: 34 }, 1],
      [{ tc: '00:00:01;00' }, 30], [{ tc: '00:00:59;29' }, 1799], [{ tc: '00:01:00;02' }, 1800],
      [{ ms: 60_059 }, 1799], [{ ms: 60_060 }, 1800], [{ tc: '00:01:01;29' }, 1857],
    ];
    for (const [q, expected] of cases) {
      const got = await shown(a.id, q);
      expect({ q, frame: got.info.frame, shows: got.number }).toEqual({ q, frame: expected, shows: expected });
      // The frame's own start time maps back to it, and its label is drop-frame.
      expect(msToFrames(got.info.ms, rate)).toBe(expected);
      expect(got.info.ms).toBe(framesToMs(expected, rate, 'ceil'));
      expect(got.info.timecode).toMatch(/^\d\d:\d\d:\d\d;\d\d$/);
    }
    expect((await client.getFrame(a.id, { tc: '00:01:00;02' })).info.timecode).toBe('00:01:00;02');
  }, 360_000);

  it('scales with width, converts to JPEG, and serves the cached file the second time', async () => {
    const a = assets.pal!;
    const small = await shown(a.id, { ms: 2000, width: 320, format: 'jpeg' });
    expect(small.info).toMatchObject({ frame: 50, width: 320, height: 180, mime: 'image/jpeg' });
    expect(small.number).toBe(50);
    expect(Buffer.from(small.bytes).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const again = await client.getFrame(a.id, { ms: 2000, width: 320, format: 'jpeg' });
    expect(Buffer.from(again.bytes).equals(Buffer.from(small.bytes))).toBe(true);
    // Wider than the source is the source: never upscaled.
    expect((await client.getFrame(a.id, { ms: 0, width: 4000 })).info).toMatchObject({ width: 640, height: 360 });
  }, 60_000);

  it('refuses times past the end, skipped drop-frame labels, bad queries and audio with typed errors', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isAppError(e) ? e.code : String(e)));
    expect(await code(client.getFrame(assets.pal!.id, { ms: 12_000 }))).toBe('frame.out_of_range');
    expect(await code(client.getFrame(assets.ntsc!.id, { tc: '00:01:00;00' }))).toBe('timecode.invalid');
    expect(await code(client.getFrame(assets.pal!.id, { ms: 40, tc: '00:00:00:01' }))).toBe('request.invalid');
    expect(await code(client.getFrame('nosuchasset0', { ms: 0 }))).toBe('asset.not_found');
    const res = await fetch(`${server.url}/api/v1/assets/${assets.pal!.id}/frame?ms=-5`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request.invalid');
  }, 60_000);
});
