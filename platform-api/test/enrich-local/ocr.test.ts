import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TesseractTextRecognizer } from '../../src/adapters/tesseract/index';
import type { OcrLine } from '../../src/ports/ai';
import { generateNewsClip, type NewsClipTruth } from '../media/generate';
import { alive, processesUnder, scratchUnder, waitForProcess } from './helpers';

/**
 * Lower thirds (white drawtext on a black@0.8 box, the generator's) over every kind of shot the
 * generator makes: testsrc2 (bright bars and its own clock in the top band), smptebars,
 * mandelbrot, flat colour. A 360p clip stands in for the proxy; a short 720p clip for an original.
 */
let dir: string;
let proxy: NewsClipTruth;
let original: NewsClipTruth;
let proxyLines: OcrLine[];
const progress: number[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutaway-enrich-ocr-'));
  [proxy, original] = await Promise.all([
    generateNewsClip(join(dir, 'proxy.mp4'), {
      durationS: 20, width: 640, height: 360, fps: 25, cutsAtS: [4.2, 9.6, 15.04],
      lowerThirds: [{ text: 'STORM WARNING', fromS: 1, toS: 5.5 }, { text: 'MAYOR JANE DOE', fromS: 11.2, toS: 16.4 }],
    }),
    generateNewsClip(join(dir, 'original.mp4'), {
      durationS: 8, width: 1280, height: 720, fps: 25, cutsAtS: [3], lowerThirds: [{ text: 'FERRIES CANCELLED', fromS: 2.4, toS: 6.2 }],
    }),
  ]);
  proxyLines = await new TesseractTextRecognizer({ scratch: scratchUnder(dir) }).recognize(proxy.path, { durationMs: proxy.durationMs, onProgress: (p) => progress.push(p) });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every line is a lower third, read exactly, on screen within 1 s of its drawtext interval; each one found once. */
function expectExactly(lines: OcrLine[], truth: NewsClipTruth) {
  expect(lines.map((l) => l.text).sort()).toEqual(truth.lowerThirds.map((t) => t.text).sort());
  for (const t of truth.lowerThirds) {
    const line = lines.find((l) => l.text === t.text)!;
    expect(line.region).toBe('lower');
    expect(Math.abs(line.startMs - t.fromMs)).toBeLessThanOrEqual(1000);
    expect(Math.abs(line.endMs - t.toMs)).toBeLessThanOrEqual(1000);
    expect(line.confidence).toBeGreaterThan(0.6);
    expect(line.confidence).toBeLessThanOrEqual(1);
  }
}

describe('TesseractTextRecognizer', () => {
  it('reads each lower third of a 360p (proxy-size) clip exactly, once, within 1 s of its interval, and nothing else', () => {
    expectExactly(proxyLines, proxy);
  });

  it('puts hard-switched lower thirds on the exact frame (the change events refine the 1 s scan)', () => {
    for (const t of proxy.lowerThirds) {
      const line = proxyLines.find((l) => l.text === t.text)!;
      expect([line.startMs, line.endMs]).toEqual([t.fromMs, t.toMs]);
    }
  });

  it('reports progress from 0 to 100, never backwards', () => {
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('reads a 720p original the same way (its bands are scaled to the same width)', async () => {
    expectExactly(await new TesseractTextRecognizer({ scratch: scratchUnder(dir) }).recognize(original.path, { durationMs: original.durationMs }), original);
  });

  it.each([
    ['ffmpeg', (p: { comm: string }) => p.comm === 'ffmpeg'],
    ['tesseract', (p: { comm: string }) => p.comm === 'tesseract'],
  ])('kills %s when the signal aborts, and rejects', async (_name, which) => {
    const root = await mkdtemp(join(dir, 'abort-'));
    const ac = new AbortController();
    const run = new TesseractTextRecognizer({ scratch: scratchUnder(root) }).recognize(proxy.path, { durationMs: proxy.durationMs, signal: ac.signal });
    run.catch(() => {}); // the rejection is asserted below, after the process is found
    const tool = await waitForProcess(root, which);
    ac.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await alive(tool.pid)).toBe(false);
    expect(await processesUnder(root)).toEqual([]);
  }, 30_000);

  it('reports a missing tesseract as media.tool_missing', async () => {
    const broken = new TesseractTextRecognizer({ tesseractPath: join(dir, 'no-such-tesseract'), scratch: scratchUnder(dir) });
    await expect(broken.recognize(original.path, { durationMs: original.durationMs })).rejects.toMatchObject({ code: 'media.tool_missing' });
  });
});
