import { describe, expect, it } from 'vitest';
import { buildAss, buildSrt, buildVtt, captionEvents, escapeAss } from './captions';
import { planShots, zeroPhaseEma } from './track';

const SAFE = { top: 0.14, bottom: 0.35, left: 0.06, right: 0.06 };

describe('captions', () => {
  it('groups at most three words per line and breaks at pauses, so silence has no caption', () => {
    const ev = captionEvents([
      { text: 'a', startMs: 0, endMs: 200 }, { text: 'b', startMs: 200, endMs: 400 }, { text: 'c', startMs: 400, endMs: 600 },
      { text: 'd', startMs: 600, endMs: 800 }, { text: 'e', startMs: 3000, endMs: 3200 },
    ]);
    expect(ev.map((e) => e.words.map((w) => w.text).join(''))).toEqual(['abc', 'd', 'e']);
    expect(ev[1]!.endMs).toBeLessThan(3000);
  });

  it('renders override tags and ASS escapes in transcripts as text', () => {
    expect(escapeAss('{\\fs300\\pos(0,0)}hi\\N there')).toBe('(＼fs300＼pos(0,0))hi＼N there');
    const ass = buildAss(captionEvents([{ text: '{\\an8}x', startMs: 0, endMs: 500 }]), 1080, 1920, SAFE);
    const dialogue = ass.split('\n').filter((l) => l.startsWith('Dialogue'));
    expect(dialogue).toHaveLength(1);
    // Only our own colour overrides remain.
    expect(dialogue[0]!.match(/\{[^}]*\}/g)).toEqual(['{\\c&H00FFFF&}', '{\\c&HFFFFFF&}']);
    expect(ass).toContain('PlayResY: 1920');
    // Bottom margin clears the bottom 35 % (672 px) of a 1920 px frame.
    expect(Number(/,(\d+),1\n/.exec(ass)![1])).toBeGreaterThanOrEqual(672);
  });

  it('writes SRT and VTT with markup escaped or dropped', () => {
    const ev = captionEvents([{ text: '<b>x</b>&y', startMs: 1000, endMs: 1500 }]);
    expect(buildSrt(ev)).toBe('1\n00:00:01,000 --> 00:00:01,500\nbx/b&y\n');
    expect(buildVtt(ev)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:01.500\n&lt;b&gt;x&lt;/b&gt;&amp;y\n');
  });
});

describe('reframe plan', () => {
  it('smooths without lag on steady motion', () => {
    const xs = Array.from({ length: 30 }, (_, i) => 0.3 + i * 0.01);
    const s = zeroPhaseEma(xs, 0.45);
    expect(Math.abs(s[15]! - xs[15]!)).toBeLessThan(0.002);
  });

  it('resets at cuts and falls back to blur-fill without a single subject', () => {
    const samples = [
      ...Array.from({ length: 10 }, (_, i) => ({ tMs: i * 200, x: 0.2 })),
      ...Array.from({ length: 10 }, (_, i) => ({ tMs: 2000 + i * 200, x: 0.8 })),
      ...Array.from({ length: 10 }, (_, i) => ({ tMs: 4000 + i * 200, x: i % 3 ? null : 0.5 })),
    ];
    const plans = planShots(samples, [2000, 4000], 6000, 0.3, 'auto');
    expect(plans.map((p) => p.mode)).toEqual(['tracked', 'tracked', 'blurfill']);
    // The second shot starts on its own subject: no drift across the cut.
    expect(plans[1]!.keys[0]!.left).toBeCloseTo(0.8 - 0.15, 5);
    expect(plans[0]!.keys.at(-1)!.left).toBeCloseTo(0.2 - 0.15, 5);
    expect(planShots(samples, [], 6000, 0.3, 'center').map((p) => p.mode)).toEqual(['center']);
  });
});
