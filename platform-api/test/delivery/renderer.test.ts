import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegDeliveryRenderer } from '../../src/adapters/delivery/renderer';
import { SaliencySubjectDetector } from '../../src/adapters/delivery/detector';
import { measureLoudness } from '../../src/adapters/delivery/verify';
import type { RenderJobResult } from '../../src/ports/delivery-renderer';
import { getProfile } from '../../src/services/delivery/profiles';
import { countPixels, frameAt, isMagenta, isWhite, isYellow, movingSubjectClip, watermarkPng } from './media';

const exec = promisify(execFile);
const profile = getProfile('reels-9x16');
const W = profile.width;
const H = profile.height;
const WORDS = [
  { text: 'storm', startMs: 1000, endMs: 1400 }, { text: 'hits', startMs: 1400, endMs: 1700 },
  { text: 'the', startMs: 1700, endMs: 1850 }, { text: 'harbour', startMs: 1850, endMs: 2400 },
  { text: 'waves', startMs: 5000, endMs: 5400 }, { text: '{\\fs300\\pos(0,0)}rise', startMs: 5400, endMs: 5800 },
];

describe('delivery renderer on generated media (reels 1080×1920, captions, watermark, −16 LUFS)', () => {
  let dir: string;
  let result: RenderJobResult;
  let boxCentre: (t: number) => number;
  const progress: number[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-deliver-'));
    const clip = await movingSubjectClip(dir);
    boxCentre = clip.boxCentre;
    const wm = await watermarkPng(dir);
    const work = join(dir, 'work');
    await exec('mkdir', [work]);
    const renderer = new FfmpegDeliveryRenderer({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', detector: new SaliencySubjectDetector('ffmpeg') });
    result = await renderer.render({
      items: [{ sourcePath: clip.path, detectPath: clip.path, inMs: 0, outMs: 8000, hasAudio: true, cutsMs: [] }],
      profile, fps: 25, reframe: 'auto', captions: { burn: true, sidecars: true, words: WORDS }, watermarkPath: wm,
      loudness: profile.loudness, workDir: work,
    }, (p) => progress.push(p), new AbortController().signal);
  }, 300_000);
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('matches the profile, read back with ffprobe, and reports its sha256', async () => {
    const o = result.output;
    // A 25 fps source stays at 25 (Reels takes 23–60 fps): no judder from a 25 → 30 conversion.
    expect([o.width, o.height, o.fps, o.videoCodec, o.audioCodec]).toEqual([1080, 1920, 25, 'h264', 'aac']);
    expect(Math.abs(o.durationMs - 8000)).toBeLessThanOrEqual(150);
    const { stdout } = await exec('sha256sum', [result.videoPath]);
    expect(o.sha256).toBe(stdout.split(' ')[0]);
    expect(progress.at(-1)).toBe(100);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('is within ±1 LU of −16 LUFS with true peak at or below −1.5 dBTP (ebur128)', async () => {
    const m = await measureLoudness('ffmpeg', result.videoPath);
    expect(Math.abs(m.integratedLufs! + 16)).toBeLessThanOrEqual(1);
    expect(m.truePeakDbtp!).toBeLessThanOrEqual(-1.5);
  });

  it('burns the spoken word inside the safe zone at a known word time, and nothing in silence', async () => {
    const safeTop = Math.round(H * profile.safeZone.top);
    const safeBottom = Math.round(H * (1 - profile.safeZone.bottom));
    const speaking = await frameAt(result.videoPath, 1.2, W, H); // "storm" is yellow
    const inside = countPixels(speaking, W, [safeTop, safeBottom], [0, W], isYellow);
    const below = countPixels(speaking, W, [safeBottom, H], [0, W], (r, g, b) => isYellow(r, g, b) || isWhite(r, g, b));
    expect(inside.count).toBeGreaterThan(200);
    expect(below.count).toBe(0);
    const silent = await frameAt(result.videoPath, 3.5, W, H);
    // Below the box (which ends at 933 px) nothing white or yellow may be drawn in silence.
    expect(countPixels(silent, W, [1000, H], [0, W], (r, g, b) => isYellow(r, g, b) || isWhite(r, g, b)).count).toBe(0);
  });

  it('draws the watermark top-right inside the safe zone', async () => {
    const f = await frameAt(result.videoPath, 4, W, H);
    const wm = countPixels(f, W, [Math.round(H * profile.safeZone.top), Math.round(H * 0.3)], [W / 2, Math.round(W * (1 - profile.safeZone.right))], isMagenta);
    expect(wm.count).toBeGreaterThan(5000);
    expect(countPixels(f, W, [0, Math.round(H * profile.safeZone.top)], [0, W], isMagenta).count).toBe(0);
  });

  it('keeps the moving subject within ±10 % of the crop centre', async () => {
    expect(result.output.reframe.map((r) => r.mode)).toEqual(['tracked']);
    for (const t of [0.6, 2, 3.5, 5, 6.5, 7.6]) {
      const f = await frameAt(result.videoPath, t, W, H);
      const box = countPixels(f, W, [450, 900], [0, W], isWhite);
      expect(box.count, `box visible at ${t}s`).toBeGreaterThan(1000);
      expect(Math.abs(box.meanX - W / 2), `box centre at ${t}s (source x ${boxCentre(t).toFixed(2)})`).toBeLessThanOrEqual(0.1 * W);
    }
  });

  it('writes SRT and VTT sidecars with the words, escaped', async () => {
    const srt = await readFile(result.srtPath!, 'utf8');
    const vtt = await readFile(result.vttPath!, 'utf8');
    expect(srt).toContain('00:00:01,000 --> ');
    expect(srt).toContain('storm hits the');
    expect(srt).not.toContain('{');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('waves');
    const ass = await readFile(join(dir, 'work', 'captions.ass'), 'utf8');
    expect(ass).not.toContain('\\fs300');
    expect(ass).not.toContain('\\pos');
  });
});

describe('delivery renderer: several items, one without audio, blur-fill, broadcast loudness', () => {
  it('joins the items, keeps the joined duration, resets at the join and meets −23 LUFS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutaway-deliver-multi-'));
    try {
      const clip = await movingSubjectClip(dir, 4);
      const silent = join(dir, 'silent.mp4');
      await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', silent]);
      const work = join(dir, 'work');
      await exec('mkdir', [work]);
      const renderer = new FfmpegDeliveryRenderer({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', detector: new SaliencySubjectDetector('ffmpeg') });
      const broadcast = getProfile('broadcast-1080p25');
      const square = { ...getProfile('instagram-1x1'), loudness: broadcast.loudness };
      const r = await renderer.render({
        items: [
          { sourcePath: clip.path, detectPath: clip.path, inMs: 500, outMs: 3000, hasAudio: true, cutsMs: [] },
          { sourcePath: silent, detectPath: silent, inMs: 0, outMs: 2000, hasAudio: false, cutsMs: [1000] },
        ],
        profile: square, fps: 30, reframe: 'blurfill', captions: { burn: false, sidecars: false, words: [] }, watermarkPath: null,
        loudness: broadcast.loudness, workDir: work,
      }, () => {}, new AbortController().signal);
      expect([r.output.width, r.output.height, r.output.fps]).toEqual([1080, 1080, 30]);
      expect(Math.abs(r.output.durationMs - 4500)).toBeLessThanOrEqual(150);
      // Shots: the first item, then the second split at its own cut (1000 ms into it, 3500 ms on the output).
      expect(r.output.reframe.map((s) => [s.startMs, s.endMs, s.mode])).toEqual([[0, 2500, 'blurfill'], [2500, 3500, 'blurfill'], [3500, 4500, 'blurfill']]);
      expect(Math.abs(r.output.integratedLufs! + 23)).toBeLessThanOrEqual(1);
      expect(r.output.truePeakDbtp!).toBeLessThanOrEqual(-1);
      expect(r.srtPath).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
