import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegLiveCutter } from '../../src/adapters/ffmpeg/live-cutter';
import { LIVE_AUDIO_ARGS, liveVideoArgs } from '../../src/adapters/ffmpeg/live-encode';
import type { LiveSegment } from '../../src/ports/live-recorder';
import { COUNTER_BOX, countFrames, readCounter } from './generator';

/**
 * The streamed passes (live-exact-session.ts, live-instant-session.ts) against the whole ones (FfmpegLiveCutter)
 * on the same real buffer segments, made with the recorder's own settings: testsrc2 with the frame number burnt in and a sine, cut
 * into 2 s segments on the keyframe grid. Same frames, same first and last frame (read back by tesseract), same
 * frame times, the same copied middle, audio within one AAC frame — so the streamed passes may replace the whole
 * ones on the critical path.
 */
const run = promisify(execFile);
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
const RATE = { num: 25, den: 1 };
const ENCODE = { videoBitrateKbps: 800 };
const cutter = new FfmpegLiveCutter({ ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' });
let root: string;

/** `seconds` of 2 s segments as the recorder writes them (live-recorder.ts), with or without audio. */
async function buffer(name: string, seconds: number, audio: boolean): Promise<LiveSegment[]> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const counter = `drawbox=x=0:y=0:w=${COUNTER_BOX.width}:h=${COUNTER_BOX.height}:color=black:t=fill,drawtext=fontfile=${FONT}:text='%{eif\\:n\\:d\\:5}':fontsize=100:fontcolor=white:x=10:y=12`;
  await run('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []), '-t', String(seconds), '-vf', counter,
    '-map', '0:v', ...(audio ? ['-map', '1:a'] : []), '-fps_mode', 'cfr', ...liveVideoArgs(ENCODE.videoBitrateKbps),
    '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0', ...(audio ? LIVE_AUDIO_ARGS : []),
    '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', join(dir, 'seg-%06d.ts'), join(dir, 'index.m3u8'),
  ]);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  return files.map((f, seq) => ({ run: 1, seq, startMs: seq * 2000, durationMs: 2000, sizeBytes: 0, ref: join(dir, f), settled: true }));
}

const packets = async (file: string, stream: 'v' | 'a') =>
  (await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,size', '-of', 'csv=p=0', file])).stdout.trim().split('\n');
const duration = async (file: string, stream: 'v' | 'a') =>
  Number((await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-show_entries', 'stream=duration', '-of', 'csv=p=0', file])).stdout.trim());
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the streamed passes make the same masters as the whole passes', () => {
  let segs: LiveSegment[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cutaway-exact-session-'));
    segs = await buffer('av', 14, true);
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('fed while recording (segments arriving one by one), it matches the whole pass frame for frame', async () => {
    expect(segs.length).toBeGreaterThanOrEqual(7);
    const [inOffsetMs, outOffsetMs] = [520, 1300];
    const dir = join(root, 'streamed');
    await mkdir(dir);
    const head = await cutter.head({ segment: segs[0]!, inOffsetMs, rate: RATE, encode: ENCODE }, join(dir, 'head.ts'));
    const session = await cutter.openExact({ head, headSegment: segs[0]!, rate: RATE, encode: ENCODE, expectedMs: 6 * 2000 + outOffsetMs - inOffsetMs }, join(dir, 'exact.mp4'));
    for (const s of segs.slice(1, 6)) {
      session.append(s);
      await later(50);
    }
    expect(session.usable).toBe(true);
    const streamed = await session.finish(segs[6]!, outOffsetMs);

    const whole = join(root, 'whole');
    await mkdir(whole);
    const reference = await cutter.exact({ segments: segs.slice(0, 7), inOffsetMs, outOffsetMs, rate: RATE, encode: ENCODE }, join(whole, 'exact.mp4'));
    expect(streamed).toEqual(reference);

    const [a, b] = [join(dir, 'exact.mp4'), join(whole, 'exact.mp4')];
    expect(await countFrames(a)).toBe(reference.frames);
    // Frame 13 (0.52 s into the first segment) through frame 32 of the seventh (1.3 s into it): 6 × 50 + 32.
    expect(await readCounter(a, 0, root)).toBe(13);
    expect(await readCounter(a, reference.frames - 1, root)).toBe(332);
    // Every frame at the same time; the copied middle byte for byte (the edge GOPs are encoded twice here, and x264's
    // threads need not repeat their bit allocation exactly).
    const [videoA, videoB] = [await packets(a, 'v'), await packets(b, 'v')];
    expect(videoA.map((p) => p.split(',')[0])).toEqual(videoB.map((p) => p.split(',')[0]));
    const middle = [head.frames, head.frames + 5 * 50];
    expect(videoA.slice(...middle)).toEqual(videoB.slice(...middle));
    const [audioA, audioB] = [await packets(a, 'a'), await packets(b, 'a')];
    expect(Math.abs(audioA.length - audioB.length)).toBeLessThanOrEqual(1);
    expect(Math.abs((await duration(a, 'a')) - (await duration(a, 'v')))).toBeLessThan(1024 / 48_000 + 1e-3);
  }, 120_000);

  it('the streamed instant pass (segments fed as they close) makes the same master as the whole instant pass', async () => {
    const dir = join(root, 'instant');
    await mkdir(dir);
    const session = cutter.openInstant(5 * 2000, join(dir, 'streamed.mp4'));
    for (const s of segs.slice(2, 7)) {
      session.append(s);
      await later(30);
    }
    await session.finish();
    await cutter.instant(segs.slice(2, 7), join(dir, 'whole.mp4'));
    const [a, b] = [join(dir, 'streamed.mp4'), join(dir, 'whole.mp4')];
    expect(await countFrames(a)).toBe(250);
    expect(await readCounter(a, 0, root)).toBe(100);
    expect(await packets(a, 'v')).toEqual(await packets(b, 'v'));
    expect(await packets(a, 'a')).toEqual(await packets(b, 'a'));
  }, 120_000);

  it('a middle segment from another recorder run leaves the session unusable: finish refuses, so the whole pass cuts', async () => {
    const dir = join(root, 'broken');
    await mkdir(dir);
    const head = await cutter.head({ segment: segs[0]!, inOffsetMs: 0, rate: RATE, encode: ENCODE }, join(dir, 'head.ts'));
    const session = await cutter.openExact({ head, headSegment: segs[0]!, rate: RATE, encode: ENCODE, expectedMs: 8000 }, join(dir, 'exact.mp4'));
    session.append(segs[1]!);
    session.append({ ...segs[2]!, run: 2 });
    expect(session.usable).toBe(false);
    await expect(session.finish(segs[3]!, 500)).rejects.toThrow(/run/);
    await session.abort();
  }, 60_000);

  it('a source without audio makes a video-only master', async () => {
    const mute = await buffer('mute', 8, false);
    const dir = join(root, 'mute-out');
    await mkdir(dir);
    const head = await cutter.head({ segment: mute[0]!, inOffsetMs: 1000, rate: RATE, encode: ENCODE }, join(dir, 'head.ts'));
    const session = await cutter.openExact({ head, headSegment: mute[0]!, rate: RATE, encode: ENCODE, expectedMs: 5000 }, join(dir, 'exact.mp4'));
    session.append(mute[1]!);
    session.append(mute[2]!);
    const made = await session.finish(mute[3]!, 0);
    // 25 frames of the head + 2 × 50 + the out-frame itself.
    expect(made.frames).toBe(126);
    expect(await countFrames(join(dir, 'exact.mp4'))).toBe(126);
    expect(await packets(join(dir, 'exact.mp4'), 'a')).toEqual(['']);
  }, 120_000);
});
