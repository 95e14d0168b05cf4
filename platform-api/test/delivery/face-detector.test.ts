import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaliencySubjectDetector } from '../../src/adapters/delivery/detector';
import { FaceSubjectDetector, subjectX } from '../../src/adapters/delivery/face-detector';
import { canvasFor, cropFor } from '../../src/adapters/delivery/graph';
import { FfmpegDeliveryRenderer } from '../../src/adapters/delivery/renderer';
import { planShots, type ShotPlan } from '../../src/adapters/delivery/track';
import { HumanVision } from '../../src/adapters/vision-human/human-vision';
import type { SubjectSample } from '../../src/ports/delivery-renderer';
import { getProfile } from '../../src/services/delivery/profiles';
import { FACES, composeVideo, faceCrop } from '../vision/faces-media';

/** Face crops are 204 × 168 (faces-media.ts); the face sits in the middle of its crop. */
const FACE_W = 204;
/** Shot 1: one face moving left to right across the 640-wide frame at a known speed. */
const X0 = 40;
const DRIFT = 60;
const faceCentre = (tS: number) => (X0 + DRIFT * tS + FACE_W / 2) / 640;
/** Shot 3: a white square (no face) moving right to left, for the saliency fallback. */
const boxCentre = (tS: number) => (520 - 50 * tS + 40) / 640;
const CUTS = [6000, 10000];

/**
 * Issue 16 "subject tracking per shot (offline face … detection on the proxy, smoothed, reset at cuts;
 * blur-fill when no single subject)" on the real BlazeFace model: a face crossing the frame, a shot with
 * two people far apart, a shot without faces (saliency fallback).
 */
describe('FaceSubjectDetector (BlazeFace on the vision model threads)', () => {
  let dir: string;
  let video: string;
  let vision: HumanVision;
  let detector: FaceSubjectDetector;
  let samples: SubjectSample[];
  let shots: ShotPlan[];
  const profile = getProfile('reels-9x16');
  const share = cropFor(profile, canvasFor(profile)).share;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-faceframe-'));
    const a = faceCrop(FACES.manA[0]!, join(dir, 'a.png'));
    const b = faceCrop(FACES.womanB, join(dir, 'b.png'));
    const square = join(dir, 'square.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=white:s=80x80:d=1', '-frames:v', '1', square]);
    // Two faces in one shot: one picture with both crops side by side, 400 px apart.
    const pair = join(dir, 'pair.png');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=604x168:d=1', '-i', a, '-i', b, '-filter_complex',
      '[0:v][1:v]overlay=0:0[t];[t][2:v]overlay=400:0', '-frames:v', '1', pair]);
    video = composeVideo([
      { image: a, durationS: 6, background: 'darkblue', x: X0, y: 90, driftX: DRIFT },
      { image: pair, durationS: 4, background: 'gray', x: 18, y: 96 },
      { image: square, durationS: 4, background: 'darkgreen', x: 520, y: 140, driftX: -50 },
    ], join(dir, 'faces.mp4'));
    vision = new HumanVision({ threads: 1 });
    detector = new FaceSubjectDetector({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', faces: vision, fallback: new SaliencySubjectDetector('ffmpeg') });
    samples = await detector.detect(video, 0, 14_000, share, new AbortController().signal, CUTS);
    shots = planShots(samples, CUTS, 14_000, share, 'auto');
  }, 300_000);

  afterAll(async () => {
    await vision?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the crop centre within ±10 % of the moving face centre', () => {
    expect(shots.map((s) => s.mode)).toEqual(['tracked', 'blurfill', 'tracked']);
    const keys = shots[0]!.keys;
    expect(keys.length).toBeGreaterThanOrEqual(25); // 5 samples a second over 6 s
    for (const k of keys) expect(Math.abs(k.left + share / 2 - faceCentre(k.tMs / 1000))).toBeLessThanOrEqual(0.1);
    // It follows: the crop moves right by about the face's travel (300 px of 640).
    expect(keys.at(-1)!.left - keys[0]!.left).toBeGreaterThan(0.3);
  });

  it('reports no single subject for two comparable faces far apart (blur-fill)', () => {
    const two = samples.filter((s) => s.tMs >= 6000 && s.tMs < 10_000);
    expect(two.length).toBeGreaterThanOrEqual(18);
    expect(two.filter((s) => s.x === null).length / two.length).toBeGreaterThan(0.6);
  });

  it('falls back to saliency in a shot without faces, reset at the cut', () => {
    const keys = shots[2]!.keys;
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      // Clamped at the frame edge like the renderer's crop.
      const want = Math.min(1 - share / 2, Math.max(share / 2, boxCentre((k.tMs + 10_000) / 1000 - 10)));
      expect(Math.abs(k.left + share / 2 - want)).toBeLessThanOrEqual(0.1);
    }
  });

  it('frames two people together when both fit in the crop; the larger face wins over a small one', () => {
    const face = (x: number, w: number, score = 0.9) => ({ box: [x, 0.3, w, w] as [number, number, number, number], score });
    expect(subjectX([face(0.4, 0.1), face(0.55, 0.1)], 0.32)).toBeCloseTo(0.525, 5);
    expect(subjectX([face(0.1, 0.1), face(0.7, 0.1)], 0.32)).toBeNull();
    expect(subjectX([face(0.1, 0.2), face(0.8, 0.05)], 0.32)).toBeCloseTo(0.2, 5);
    expect(subjectX([], 0.32)).toBeNull();
  });

  it('renders through the delivery renderer: tracked, blur-fill, tracked per shot', async () => {
    const work = join(dir, 'work');
    await mkdir(work);
    const renderer = new FfmpegDeliveryRenderer({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', detector });
    const r = await renderer.render({
      items: [{ sourcePath: video, detectPath: video, inMs: 0, outMs: 14_000, hasAudio: true, cutsMs: CUTS }],
      profile: getProfile('x-9x16'), fps: 25, reframe: 'auto', captions: { burn: false, sidecars: false, words: [] }, watermarkPath: null,
      loudness: getProfile('x-9x16').loudness, workDir: work,
    }, () => undefined, new AbortController().signal);
    expect(r.output.reframe.map((s) => s.mode)).toEqual(['tracked', 'blurfill', 'tracked']);
    expect([r.output.width, r.output.height]).toEqual([720, 1280]);
  }, 300_000);
});
