import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { OpenAiHttp } from '../../src/adapters/openai-compatible/http';
import { OpenAiSpeechToText } from '../../src/adapters/openai-compatible/speech';
import { apiError, startFakeServer, type FakeServer } from './fake-server';
import { transcribe, type SeenUpload } from './openai-fake';
import { BURST, burstStarts, makeBurstAudio } from './tones';

const DURATION_MS = 150_000;
let dir: string;
let media: string;
let server: FakeServer;
let uploads: SeenUpload[] = [];
/** Set by a test to fail the n-th transcription request (1-based) with a 500. */
let failRequest = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutaway-speech-test-'));
  media = join(dir, 'bursts.m4a');
  await makeBurstAudio(media, DURATION_MS / 1000);
  server = await startFakeServer((req, res) => {
    if (req.path !== '/v1/audio/transcriptions') return apiError(res, 404, `Unknown endpoint ${req.path}`);
    if (server.requests.length === failRequest) return apiError(res, 500, 'The server had an error while processing your request');
    return transcribe(req, res, uploads);
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  uploads = [];
  server.requests.length = 0;
  failRequest = 0;
});

const stt = (o: Partial<ConstructorParameters<typeof OpenAiSpeechToText>[0]> = {}) =>
  new OpenAiSpeechToText({ http: new OpenAiHttp({ baseUrl: server.baseUrl, apiKey: 'sk-x', retryBaseMs: 10 }), model: 'whisper-1', maxChunkSeconds: 40, scratch: new LocalScratchSpace(join(dir, 'scratch')), ...o });

describe('OpenAiSpeechToText', () => {
  it('chunks 2.5 minutes into 40 s uploads and puts every word back at its media time, once', async () => {
    const progress: number[] = [];
    const t = await stt().transcribe(media, { durationMs: DURATION_MS, onProgress: (p) => progress.push(p) });

    // [0,40] [38,78] [76,116] [114,150]: the burst at 76 s is in two chunks, the one at 116 s starts on a cut.
    expect(uploads).toHaveLength(4);
    for (const u of uploads) {
      expect(u).toMatchObject({ format: 'flac', sampleRate: 16000, channels: 1 });
      expect(u.fields).toMatchObject({ model: ['whisper-1'], response_format: ['verbose_json'] });
      expect(u.fields['timestamp_granularities[]']).toEqual(['word', 'segment']);
    }
    const expected = burstStarts(DURATION_MS);
    expect(expected).toHaveLength(30);
    expect(t.words.map((w) => w.w)).toEqual(expected.map(() => 'tone'));
    t.words.forEach((w, i) => {
      expect(Math.abs(w.startMs - expected[i]!)).toBeLessThanOrEqual(30);
      expect(Math.abs(w.endMs - (expected[i]! + BURST.lengthMs))).toBeLessThanOrEqual(30);
      expect(w.conf).toBeCloseTo(Math.exp(-0.1), 5);
    });
    expect(t).toMatchObject({ engine: 'openai-compatible', model: 'whisper-1', language: 'english' });
    expect(t.confidence).toBeCloseTo(Math.exp(-0.1), 5);
    expect(progress).toEqual([0, 25, 50, 75, 100]);
  });

  it('sends only the speech regions, packed into chunks, and cuts in the silences between them', async () => {
    const regions = [{ startMs: 1000, endMs: 1600 }, { startMs: 6000, endMs: 6600 }, { startMs: 101_000, endMs: 101_600 }];
    const t = await stt({ format: 'wav' }).transcribe(media, { durationMs: DURATION_MS, regions });
    expect(uploads).toHaveLength(2); // 1 s and 6 s share a chunk; 101 s is 95 s later
    expect(uploads.map((u) => [u.format, u.sampleRate, u.channels])).toEqual([['wav', 16000, 1], ['wav', 16000, 1]]);
    // Padded regions only: a few seconds of audio, not 2.5 minutes.
    expect(uploads.every((u) => u.bytes < 32_000 * 7)).toBe(true);
    expect(t.words.map((w) => w.startMs)).toEqual([expect.closeTo(1000, -1.5), expect.closeTo(6000, -1.5), expect.closeTo(101_000, -1.5)]);
  });

  it('returns an empty transcript without any request when the regions hold no speech', async () => {
    const t = await stt().transcribe(media, { durationMs: DURATION_MS, regions: [] });
    expect(t).toMatchObject({ words: [], confidence: null, language: null });
    expect(server.requests).toHaveLength(0);
  });

  it('retries a chunk the server failed once and still places its words', async () => {
    failRequest = 2;
    const t = await stt({ maxChunkSeconds: 80 }).transcribe(media, { durationMs: DURATION_MS });
    expect(server.requests).toHaveLength(3);
    expect(t.words).toHaveLength(30);
  });

  it('stops at once when aborted mid-way and leaves no chunk files behind', async () => {
    const root = join(dir, 'scratch');
    const ac = new AbortController();
    const seen: number[] = [];
    const run = stt({ scratch: new LocalScratchSpace(root) }).transcribe(media, {
      durationMs: DURATION_MS, signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p === 25) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(uploads).toHaveLength(1);
    expect(seen).toEqual([0, 25]);
    expect(await readdir(root)).toEqual([]);
  });
});
