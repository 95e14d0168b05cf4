import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { WhisperCppSpeechToText } from '../../src/adapters/whisper-cpp';
import { makeBurstAudio } from '../openai-compatible/tones';

let dir: string;
let bin: string;
let model: string;
let media: string;
let argLog: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutaway-whisper-test-'));
  // A copy with its own exec bit: the checkout may not keep file modes.
  bin = join(dir, 'whisper-cli');
  await copyFile(fileURLToPath(new URL('./fake-whisper-cli.mjs', import.meta.url)), bin);
  await chmod(bin, 0o755);
  model = join(dir, 'ggml-tiny.en.bin');
  await writeFile(model, 'not really a model');
  media = join(dir, 'bursts.m4a');
  await makeBurstAudio(media, 20);
  argLog = join(dir, 'args.jsonl');
  process.env.FAKE_WHISPER_LOG = argLog;
});

afterEach(async () => {
  delete process.env.FAKE_WHISPER_OLD;
  await rm(argLog, { force: true });
});

afterAll(async () => {
  delete process.env.FAKE_WHISPER_LOG;
  await rm(dir, { recursive: true, force: true });
});

const lastArgs = async () => JSON.parse((await readFile(argLog, 'utf8')).trim().split('\n').pop()!) as string[];

describe('WhisperCppSpeechToText', () => {
  it('runs the CLI on 16 kHz mono WAV with word-level full JSON and maps its segments to words', async () => {
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: model, threads: 2 });
    const progress: number[] = [];
    const t = await stt.transcribe(media, { durationMs: 20_000, onProgress: (p) => progress.push(p) });

    const args = await lastArgs();
    expect(args).toEqual(expect.arrayContaining(['-m', model, '-ml', '1', '-sow', '-ojf', '-l', 'auto']));
    expect(args.slice(args.indexOf('-t'), args.indexOf('-t') + 2)).toEqual(['-t', '2']);
    expect(t).toMatchObject({ engine: 'whisper.cpp', model: 'ggml-tiny.en.bin', language: 'en' });
    // [BLANK_AUDIO] dropped; the split-off comma (with its raw tab) joins the word before it.
    expect(t.words.map((w) => w.w)).toEqual(['tone,', 'tone', 'tone', 'tone']);
    expect(t.words.map((w) => w.startMs)).toEqual([1000, 6000, 11000, 16000]);
    expect(t.words.map((w) => w.endMs)).toEqual([1600, 6600, 11600, 16600]);
    // Mean p of the text tokens; special tokens ([_TT_0] at 0.99) do not count.
    expect(t.words[1]!.conf).toBeCloseTo(0.8, 6);
    expect(t.confidence).toBeCloseTo(0.8, 6);
    expect(progress).toEqual([0, 10, 100]);
  });

  it('transcribes only from the first region to the last and returns absolute media times', async () => {
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: model });
    const t = await stt.transcribe(media, { durationMs: 20_000, regions: [{ startMs: 11_000, endMs: 11_600 }, { startMs: 16_000, endMs: 16_600 }] });
    expect(t.words.map((w) => w.startMs)).toEqual([expect.closeTo(11_000, -1.5), expect.closeTo(16_000, -1.5)]);
    expect(t.words.map((w) => w.w)).toEqual(['tone,', 'tone']);
  });

  it('drops words outside the regions inside the transcribed stretch', async () => {
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: model });
    const t = await stt.transcribe(media, { durationMs: 20_000, regions: [{ startMs: 1000, endMs: 1600 }, { startMs: 16_000, endMs: 16_600 }] });
    expect(t.words.map((w) => w.startMs)).toEqual([1000, 16_000]);
  });

  it('returns an empty transcript without running anything when there is no speech', async () => {
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: join(dir, 'missing'), modelPath: model });
    await expect(stt.transcribe(media, { durationMs: 20_000, regions: [] })).resolves.toMatchObject({ words: [], confidence: null });
  });

  it('fails with media.process_failed when a build without -ojf/-sow prints usage and exits 0', async () => {
    process.env.FAKE_WHISPER_OLD = '1';
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: model });
    const err = await stt.transcribe(media, { durationMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'media.process_failed', message: expect.stringContaining('unknown argument: -sow') });
  });

  it('reports a missing model or binary as media.tool_missing', async () => {
    await expect(new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: join(dir, 'ggml-none.bin') }).transcribe(media, { durationMs: 20_000 }))
      .rejects.toMatchObject({ code: 'media.tool_missing', details: { model: 'ggml-none.bin' } });
    await expect(new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: join(dir, 'no-such-whisper-cli'), modelPath: model }).transcribe(media, { durationMs: 20_000 }))
      .rejects.toMatchObject({ code: 'media.tool_missing' });
  });

  it('passes on a cancellation', async () => {
    const stt = new WhisperCppSpeechToText({ scratch: new LocalScratchSpace(join(dir, 'scratch')), binPath: bin, modelPath: model });
    await expect(stt.transcribe(media, { durationMs: 20_000, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
