import { describe, expect, it } from 'vitest';
import { narrowToWords, speechSegments, toCues } from './speech-windows';

const word = (w: string, startMs: number, len = 300, conf: number | null = 0.8) => ({ w, startMs, endMs: startMs + len, conf });

describe('speech windows', () => {
  const words = [
    word('the', 0), word('mayor', 350), word('opened', 700),
    // 2 s pause: a new cue
    word('harbor', 3000), word('bridge', 3350), word('today', 3700),
    word('traffic', 6000), word('was', 6350), word('light', 6700),
    word('officials', 9000), word('said', 9350),
  ];

  it('splits cues at pauses', () => {
    expect(toCues(words).map((c) => c.map((w) => w.w).join(' '))).toEqual(['the mayor opened', 'harbor bridge today', 'traffic was light', 'officials said']);
  });

  it('makes overlapping windows of three cues with every word timing kept', () => {
    const segs = speechSegments('asset000001', 'enrich.speech', words);
    expect(segs.map((s) => s.text)).toEqual(['the mayor opened harbor bridge today traffic was light', 'traffic was light officials said']);
    expect(segs[0]).toMatchObject({ kind: 'speech', startMs: 0, endMs: 7000, confidence: 0.8 });
    expect(segs[0]?.words).toHaveLength(9);
    // "opened harbor" crosses a cue boundary and still sits inside one window
    expect(segs[0]?.text).toContain('opened harbor');
  });

  it('narrows a hit to the matched words', () => {
    const segs = speechSegments('asset000001', 'enrich.speech', words);
    expect(narrowToWords(segs[0]!.words!, ['harbor', 'bridge'])).toEqual({ startMs: 3000, endMs: 3650 });
    expect(narrowToWords(segs[0]!.words!, ['traff*'])).toEqual({ startMs: 6000, endMs: 6300 });
    expect(narrowToWords(segs[0]!.words!, ['bridges'])).toEqual({ startMs: 3350, endMs: 3650 });
    expect(narrowToWords(segs[0]!.words!, ['ferry'])).toBeNull();
  });

  it('handles no words and confidences that are missing', () => {
    expect(speechSegments('asset000001', 's', [])).toEqual([]);
    expect(speechSegments('asset000001', 's', [word('hello', 0, 300, null)])[0]?.confidence).toBeNull();
  });
});
