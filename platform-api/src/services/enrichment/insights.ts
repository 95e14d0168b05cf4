import type { Segment } from '@cutaway/shared';
import type { TextInsights } from '../../ports/ai';

/** About a news story's length: summaries and entities per window give them time ranges. */
const WINDOW_MS = 120_000;

export interface TextWindow {
  startMs: number;
  endMs: number;
  text: string;
}

/** Story-sized windows of transcript text (speech segments overlap, so only new words are kept). */
export function insightWindows(speech: readonly Segment[]): TextWindow[] {
  const words = speech
    .flatMap((s) => s.words ?? [])
    .sort((a, b) => a.startMs - b.startMs)
    .filter((w, i, all) => i === 0 || w.startMs !== all[i - 1]!.startMs);
  const windows: TextWindow[] = [];
  for (const w of words) {
    const current = windows.at(-1);
    if (current && w.startMs - current.startMs < WINDOW_MS) {
      current.text += ` ${w.w}`;
      current.endMs = w.endMs;
    } else {
      windows.push({ startMs: w.startMs, endMs: w.endMs, text: w.w });
    }
  }
  return windows;
}

/** Keywords and entities become `tag` moments over the window they were found in. */
export function insightSegments(assetId: string, source: string, found: Array<{ window: TextWindow; insights: TextInsights }>): Segment[] {
  return found.flatMap(({ window, insights }) => {
    const terms = [...new Set([...insights.keywords, ...insights.entities.map((e) => e.text)])];
    if (terms.length === 0) return [];
    return [{ assetId, kind: 'tag' as const, startMs: window.startMs, endMs: Math.max(window.endMs, window.startMs + 1), text: terms.join(', '), source, confidence: null, words: null }];
  });
}
