import { describe, expect, it } from 'vitest';
import { planChunks, type Chunk } from '../../src/adapters/openai-compatible/chunks';
import { wordsFromVerbose } from '../../src/adapters/openai-compatible/transcript-map';

const I = Infinity;

describe('planChunks', () => {
  it('sends short media in one piece', () => {
    expect(planChunks({ durationMs: 30_000, maxChunkMs: 600_000 })).toEqual([{ startMs: 0, endMs: 30_000, keepFromMs: -I, keepToMs: I }]);
  });

  it('cuts long media at fixed points with an overlap, split at its midpoint', () => {
    expect(planChunks({ durationMs: 150_000, maxChunkMs: 40_000, overlapMs: 2000 })).toEqual([
      { startMs: 0, endMs: 40_000, keepFromMs: -I, keepToMs: 39_000 },
      { startMs: 38_000, endMs: 78_000, keepFromMs: 39_000, keepToMs: 77_000 },
      { startMs: 76_000, endMs: 116_000, keepFromMs: 77_000, keepToMs: 115_000 },
      { startMs: 114_000, endMs: 150_000, keepFromMs: 115_000, keepToMs: I },
    ]);
  });

  it('tiles every instant exactly once with the keep windows', () => {
    const chunks = planChunks({ durationMs: 3_601_234, maxChunkMs: 600_000 });
    for (let t = 0; t < 3_601_234; t += 997) {
      expect(chunks.filter((c) => t >= c.keepFromMs && t < c.keepToMs && t >= c.startMs && t < c.endMs)).toHaveLength(1);
    }
    expect(chunks.every((c) => c.endMs - c.startMs <= 600_000)).toBe(true);
  });

  it('packs padded speech regions while they fit and cuts in the silences between', () => {
    const regions = [{ startMs: 50_000, endMs: 55_000 }, { startMs: 1000, endMs: 5000 }, { startMs: 8000, endMs: 20_000 }, { startMs: 5100, endMs: 6000 }];
    expect(planChunks({ durationMs: 60_000, maxChunkMs: 30_000, regions, padMs: 250 })).toEqual([
      { startMs: 750, endMs: 20_250, keepFromMs: -I, keepToMs: I },
      { startMs: 49_750, endMs: 55_250, keepFromMs: -I, keepToMs: I },
    ]);
  });

  it('splits a region longer than a chunk with overlaps, and clamps regions to the media', () => {
    const chunks = planChunks({ durationMs: 70_000, maxChunkMs: 30_000, overlapMs: 2000, regions: [{ startMs: -5, endMs: 99_000 }], padMs: 0 });
    expect(chunks.map((c) => [c.startMs, c.endMs])).toEqual([[0, 30_000], [28_000, 58_000], [56_000, 70_000]]);
  });

  it('plans nothing for no speech or no duration', () => {
    expect(planChunks({ durationMs: 60_000, maxChunkMs: 30_000, regions: [] })).toEqual([]);
    expect(planChunks({ durationMs: 60_000, maxChunkMs: 30_000, regions: [{ startMs: 9000, endMs: 9000 }], padMs: 0 })).toEqual([]);
    expect(planChunks({ durationMs: 0, maxChunkMs: 30_000 })).toEqual([]);
  });
});

describe('wordsFromVerbose', () => {
  const chunk: Chunk = { startMs: 60_000, endMs: 100_000, keepFromMs: 61_000, keepToMs: 99_000 };

  it('offsets top-level words to media time, with confidence from the segment avg_logprob', () => {
    const words = wordsFromVerbose({
      words: [{ word: ' Hello', start: 1.5, end: 1.9 }, { word: 'world', start: 2.0, end: 2.4 }, { word: 'x', start: 5.0, end: 5.2 }],
      segments: [{ start: 1.0, end: 3.0, avg_logprob: -0.2, no_speech_prob: 0.01 }],
    }, chunk);
    expect(words).toEqual([
      { w: 'Hello', startMs: 61_500, endMs: 61_900, conf: Math.exp(-0.2) },
      { w: 'world', startMs: 62_000, endMs: 62_400, conf: Math.exp(-0.2) },
      { w: 'x', startMs: 65_000, endMs: 65_200, conf: null },
    ]);
  });

  it("keeps only words starting in the chunk's keep window (overlap de-duplication)", () => {
    const words = wordsFromVerbose({ words: [{ word: 'early', start: 0.5, end: 0.8 }, { word: 'mid', start: 20, end: 21 }, { word: 'late', start: 39.5, end: 39.9 }] }, chunk);
    expect(words.map((w) => w.w)).toEqual(['mid']);
  });

  it("uses whisper.cpp server's per-segment words and their probability", () => {
    const words = wordsFromVerbose({ segments: [{ start: 2, end: 3, avg_logprob: -3, words: [{ word: ' hi', start: 2.1, end: 2.3, probability: 0.77 }] }] }, chunk);
    expect(words).toEqual([{ w: 'hi', startMs: 62_100, endMs: 62_300, conf: 0.77 }]);
  });

  it('shares a segment interval out by word length when the server gave no word times', () => {
    const words = wordsFromVerbose({ segments: [{ start: 2, end: 3, text: ' ab abcd ab', avg_logprob: 0 }] }, chunk);
    expect(words.map((w) => [w.w, w.startMs, w.endMs, w.conf])).toEqual([['ab', 62_000, 62_250, 1], ['abcd', 62_250, 62_750, 1], ['ab', 62_750, 63_000, 1]]);
  });

  it('drops words of segments Whisper itself would call silent, and clamps times to the chunk', () => {
    const words = wordsFromVerbose({
      words: [{ word: 'Thank', start: 10, end: 10.3 }, { word: 'you.', start: 10.3, end: 10.6 }, { word: 'real', start: 30, end: 45 }],
      segments: [{ start: 9.5, end: 11, avg_logprob: -1.4, no_speech_prob: 0.9 }, { start: 29, end: 45, avg_logprob: -0.1, no_speech_prob: 0.1 }],
    }, chunk);
    expect(words).toEqual([{ w: 'real', startMs: 90_000, endMs: 100_000, conf: Math.exp(-0.1) }]);
  });
});
