import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessPlatform } from '../http/in-process';
import { generateNewsClip, type NewsClipTruth } from '../media/generate';

const CHILD = resolve(import.meta.dirname, 'scratch-location.child.ts');

/**
 * Issue 7 "Leftovers": OCR and speech scratch used to go to the system temp dir and survive kill -9
 * (six cutaway-tesseract-* / cutaway-pocketsphinx-* after ten kills). Now it lives under the data dir,
 * which the platform sweeps at start.
 */
describe('enrichment scratch after kill -9 (real tesseract / pocketsphinx processes)', () => {
  let dir: string;
  let clip: NewsClipTruth;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutaway-scratch-loc-'));
    clip = await generateNewsClip(join(dir, 'clip.mp4'), {
      durationS: 30, width: 640, height: 360, fps: 25, cutsAtS: [10, 20],
      lowerThirds: [{ text: 'HARBOUR STORM', fromS: 1, toS: 28 }],
      speech: [{ text: 'The storm closed the harbour this morning and the ferries stayed in port', atS: 1 }],
    });
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it.each([['ocr', 'tesseract-'], ['speech', 'pocketsphinx-']])('%s: scratch under <data>/tmp, nothing in TMPDIR, swept at the next start', async (step, prefix) => {
    const dataDir = join(dir, `data-${step}`);
    const privateTmp = join(dir, `tmp-${step}`);
    await mkdir(privateTmp, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, TMPDIR: privateTmp, CUTAWAY_DATA_DIR: dataDir, STEP: step, CLIP: clip.path, DURATION_MS: String(clip.durationMs) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    // Wait (bounded) for the engine's working folder to appear, then kill the process mid-run.
    const deadline = Date.now() + 30_000;
    let seen: string[] = [];
    while (Date.now() < deadline && child.exitCode === null) {
      seen = (await readdir(join(dataDir, 'tmp')).catch(() => [])).filter((f) => f.startsWith(prefix));
      if (seen.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(seen, `no ${prefix}* folder under the data dir; child said: ${stderr}`).toHaveLength(1);
    // tsx (the test's TypeScript loader) keeps its cache there; nothing else may.
    expect((await readdir(privateTmp)).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
    expect(await readdir(join(dataDir, 'tmp'))).toContain(seen[0]);

    const platform = await inProcessPlatform({ CUTAWAY_DATA_DIR: dataDir });
    try {
      expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    } finally {
      await platform.close();
    }
  }, 90_000);
});
