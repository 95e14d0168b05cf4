import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { FfmpegMediaTools } from '../../src/adapters/ffmpeg/index';
import type { ProbeResult, VideoOutputs } from '../../src/ports/media-tools';
import { generateNewsClip, generateNotMedia, generateStill, generateTone, generateTruncated, type NewsClipTruth } from '../media/generate';
import { decodeErrors, frameMd5, jpegDims, keyframes, meanLuma, processesIn, streams, topLevelBoxes } from './helpers';

/**
 * The adapter on real media with known ground truth. Budget: ~30 s of CPU in all on a shared
 * 2-core box, so one 16 s 720p25 news clip, one 12 s 360p 29.97 drop-frame clip, a still, a tone.
 */
const media = new FfmpegMediaTools();
let dir: string;
let pal: NewsClipTruth;
let ntsc: NewsClipTruth;
let palProbe: ProbeResult;
let palOut: VideoOutputs;
let ntscOut: VideoOutputs;
const progress: Array<[number, string]> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutaway-ffmpeg-'));
  [pal, ntsc] = await Promise.all([
    generateNewsClip(join(dir, 'pal.mp4'), {
      durationS: 16, width: 1280, height: 720, fps: 25, cutsAtS: [3.2, 7.48, 11, 13.04], label: 'HARBOUR', timecode: '10:00:00:00',
      lowerThirds: [{ text: 'Storm hits the harbour', fromS: 1, toS: 5 }, { text: 'Ferries cancelled', fromS: 8, toS: 12 }],
      speech: [{ text: 'Good evening. A storm hit the harbour today.', atS: 0.5 }, { text: 'All ferries are cancelled.', atS: 8.2 }],
    }),
    generateNewsClip(join(dir, 'ntsc.mp4'), { durationS: 12, width: 640, height: 360, fps: 29.97, cutsAtS: [3.003, 6.54], timecode: '00:59:59;00' }),
  ]);
  palProbe = await media.probe(pal.path);
  palOut = await media.processVideo(pal.path, palProbe, join(dir, 'pal-out'), (p, s) => progress.push([p, s]));
  ntscOut = await media.processVideo(ntsc.path, await media.probe(ntsc.path), join(dir, 'ntsc-out'), () => {});
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const frameMs = (t: NewsClipTruth) => (1000 * t.rate.den) / t.rate.num;

describe('probe', () => {
  it('reads the technical metadata of a 720p25 clip', () => {
    expect(palProbe).toEqual({
      type: 'video', hasVideo: true, hasAudio: true,
      technical: expect.objectContaining({
        container: 'mp4', durationMs: 16_000, rate: { num: 25, den: 1 }, dropFrame: false, startTimecode: '10:00:00:00',
        width: 1280, height: 720, videoCodec: 'h264', audioCodec: 'aac', audioChannels: 2, sampleRate: 48_000,
      }),
    });
    expect(palProbe.technical.bitRate).toBeGreaterThan(0);
  });

  it('reads 29.97 as an exact rational and drop-frame timecode', async () => {
    const p = await media.probe(ntsc.path);
    expect(p.technical).toMatchObject({ rate: { num: 30000, den: 1001 }, durationMs: 12_012, dropFrame: true, startTimecode: '00:59:59;00', width: 640, height: 360 });
  });

  it('fails with ffprobe\'s own reason for a truncated MP4 and a text file', async () => {
    await generateTruncated(pal.path, join(dir, 'truncated.mp4'));
    await generateNotMedia(join(dir, 'notes.txt')); // *.txt: ffprobe's tty demuxer claims it unless re-probed
    const truncated = await media.probe(join(dir, 'truncated.mp4')).catch((e: unknown) => e);
    expect(isAppError(truncated, 'media.probe_failed') && truncated.message).toMatch(/moov atom not found/);
    const text = await media.probe(join(dir, 'notes.txt')).catch((e: unknown) => e);
    expect(isAppError(text, 'media.probe_failed') && text.message).toMatch(/Invalid data found when processing input/);
    expect(isAppError(text) && text.message).not.toContain(dir); // storage paths stay out of user-facing messages
  });

  it('reports a missing tool as media.tool_missing, and versions as null', async () => {
    const broken = new FfmpegMediaTools({ ffprobePath: join(dir, 'no-such-ffprobe') });
    await expect(broken.probe(pal.path)).rejects.toMatchObject({ code: 'media.tool_missing' });
    expect(await broken.versions()).toEqual({ ffmpeg: expect.stringMatching(/^\d/), ffprobe: null });
  });
});

describe('processVideo (one decode)', () => {
  it.each([['720p25', () => [pal, palOut] as const], ['360p 29.97', () => [ntsc, ntscOut] as const]])(
    'finds every cut within one frame and no false cut (%s)',
    (_name, get) => {
      const [truth, out] = get();
      expect(out.shots).toHaveLength(truth.cutsMs.length + 1);
      out.shots.slice(1).forEach((s, i) => expect(Math.abs(s.startMs - truth.cutsMs[i]!)).toBeLessThanOrEqual(frameMs(truth)));
      expect(out.shots[0]!.startMs).toBe(0);
      expect(out.shots.at(-1)!.endMs).toBe(truth.durationMs);
      out.shots.forEach((s, i) => i > 0 && expect(s.startMs).toBe(out.shots[i - 1]!.endMs));
    },
  );

  it('makes a 360p H.264/AAC faststart proxy with a keyframe at least every 2 s', async () => {
    const [v, a] = await streams(palOut.proxy);
    expect(v).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(a).toMatchObject({ codec_name: 'aac', channels: 2 });
    const boxes = await topLevelBoxes(palOut.proxy);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    const keys = await keyframes(palOut.proxy);
    const gaps = [...keys.slice(1), pal.durationMs / 1000].map((t, i) => t - keys[i]!);
    expect(keys[0]).toBe(0);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2.0001);
  });

  it('keeps the 29.97 proxy GOP under 2 s (59 frames, not 60)', async () => {
    const keys = await keyframes(ntscOut.proxy);
    const gaps = keys.slice(1).map((t, i) => t - keys[i]!);
    expect(Math.max(...gaps)).toBeLessThan(2);
  });

  it('writes 160 px thumbnails at every shot start, at most one a second, none more than 5 s apart', async () => {
    const times = palOut.thumbnails.map((t) => t.atMs);
    expect(times[0]).toBe(0);
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(1000));
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeLessThanOrEqual(5000));
    for (const shot of palOut.shots) {
      expect(times).toContain(shot.keyframeMs);
      expect(Math.abs(shot.keyframeMs - shot.startMs)).toBeLessThanOrEqual(frameMs(pal));
    }
    for (const t of palOut.thumbnails) expect(jpegDims(await readFile(t.path))).toEqual({ width: 160, height: 90 });
    // The 5.5 s last shot of the 29.97 clip also gets a periodic thumbnail 4 s in.
    const lastCut = ntsc.cutsMs.at(-1)!;
    expect(ntscOut.thumbnails.map((t) => t.atMs).filter((t) => t > lastCut)).toEqual([expect.closeTo(lastCut + 4000, -2)]);
  });

  it('writes one sprite sheet of 1 s tiles, 10 columns, and a ≤ 1280 px poster', async () => {
    expect(palOut.sprite).toMatchObject({ columns: 10, rows: 2, intervalMs: 1000, count: 16, width: 1600, height: 180 });
    expect(jpegDims(await readFile(palOut.sprite.path))).toEqual({ width: 1600, height: 180 });
    expect(ntscOut.sprite).toMatchObject({ rows: 2, count: 13 });
    expect(palOut.poster).toMatchObject({ width: 1280, height: 720 });
    expect(jpegDims(await readFile(palOut.poster.path))).toEqual({ width: 1280, height: 720 });
  });

  it('reports progress that only increases and ends at 100', () => {
    const percents = progress.map(([p]) => p);
    expect(percents.length).toBeGreaterThanOrEqual(3);
    percents.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(percents[i]!));
    expect(progress.at(-1)).toEqual([100, 'done']);
    expect(progress.slice(0, -1).every(([, s]) => s === 'transcode')).toBe(true);
  });

  it('kills ffmpeg when the signal aborts, and rejects', async () => {
    const out = join(dir, 'aborted');
    const ac = new AbortController();
    let running: number[] = [];
    const run = media.processVideo(pal.path, palProbe, out, (p) => {
      if (p > 0 && !ac.signal.aborted) void processesIn(out).then((pids) => ((running = pids), ac.abort()));
    }, ac.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(running).toHaveLength(1);
    expect(await processesIn(out)).toEqual([]);
  }, 30_000);
});

describe('cutRange', () => {
  it('stream-copies from the keyframe at or before in to the keyframe at or after out', async () => {
    const out = join(dir, 'cut.mp4');
    const r = await media.cutRange(pal.path, 4500, 9300, out);
    const gopMs = 2000;
    expect(r.actualInMs).toBeLessThanOrEqual(4500);
    expect(4500 - r.actualInMs).toBeLessThan(gopMs);
    expect(r.actualOutMs).toBeGreaterThanOrEqual(9300);
    expect(r.actualOutMs - 9300).toBeLessThan(gopMs);
    expect(await keyframes(pal.path)).toContain(r.actualInMs / 1000);
    const [v] = await streams(out);
    expect(Math.round(Number(v?.duration) * 1000)).toBe(r.actualOutMs - r.actualInMs);
    expect((await keyframes(out))[0]).toBe(0);
    expect(await decodeErrors(out)).toBe('');
    // The same pictures: first and last frames decode identically to the source frames at actualIn / actualOut − 1.
    const first = Math.round(r.actualInMs / frameMs(pal));
    const last = Math.round(r.actualOutMs / frameMs(pal)) - 1;
    expect(await frameMd5(out, 0)).toBe(await frameMd5(pal.path, first));
    expect(await frameMd5(out, last - first)).toBe(await frameMd5(pal.path, last));
  }, 30_000);

  it('measures exact rational times at 29.97', async () => {
    const r = await media.cutRange(ntsc.path, 2500, 5000, join(dir, 'cut-ntsc.mp4'));
    expect(r.actualInMs).toBe(2002); // the source's keyframes are every 60 frames: frame 60 = 2002 ms
    expect(r.actualOutMs).toBeGreaterThanOrEqual(5000);
  });

  it('clamps an out point past the end, and rejects empty or outside ranges', async () => {
    const r = await media.cutRange(pal.path, 14_100, 99_000, join(dir, 'tail.mp4'));
    expect(r).toMatchObject({ actualInMs: 14_000, actualOutMs: 16_000 });
    for (const [a, b] of [[5000, 5000], [6000, 5000], [-1, 500], [16_000, 17_000]]) {
      await expect(media.cutRange(pal.path, a!, b!, join(dir, 'bad.mp4'))).rejects.toMatchObject({ code: 'media.range_invalid' });
    }
  });
});

describe('audio and images', () => {
  it('makes an AAC proxy for audio-only media and cuts it', async () => {
    const tone = join(dir, 'tone.m4a');
    await generateTone(tone, { durationS: 4 });
    const p = await media.probe(tone);
    expect(p).toMatchObject({ type: 'audio', hasVideo: false, hasAudio: true, technical: { durationMs: 4000, audioCodec: 'aac' } });
    const seen: number[] = [];
    const out = await media.processAudio(tone, p, join(dir, 'tone-out'), (pc) => seen.push(pc));
    expect(await streams(out.proxy)).toEqual([expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', channels: 2 })]);
    expect(seen.at(-1)).toBe(100);
    const cut = await media.cutRange(tone, 1000, 2000, join(dir, 'tone-cut.m4a'));
    expect(cut.actualInMs).toBeLessThanOrEqual(1000);
    expect(cut.actualOutMs).toBeGreaterThanOrEqual(2000);
  });

  it('makes a ≤ 320 px thumbnail and a ≤ 1600 px preview, transparency flattened', async () => {
    await generateStill(join(dir, 'still.png'), { width: 1920, height: 1080, alpha: true });
    await generateStill(join(dir, 'small.jpg'), { width: 300, height: 200 });
    expect(await media.probe(join(dir, 'still.png'))).toMatchObject({ type: 'image', technical: { width: 1920, height: 1080, durationMs: null } });
    const png = await media.processImage(join(dir, 'still.png'), join(dir, 'still-out'));
    expect(png).toMatchObject({ thumbnail: { width: 320, height: 180 }, preview: { width: 1600, height: 900 } });
    // Half-transparent bars over white are pastel (mean luma ~204); dropping the alpha would leave ~130.
    expect(await meanLuma(png.preview.path)).toBeGreaterThan(180);
    const small = await media.processImage(join(dir, 'small.jpg'), join(dir, 'small-out'));
    expect(small).toMatchObject({ thumbnail: { width: 300, height: 200 }, preview: { width: 300, height: 200 } });
    expect(jpegDims(await readFile(small.preview.path))).toEqual({ width: 300, height: 200 });
  });
});
