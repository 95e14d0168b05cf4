import type { TimedWord } from '../../ports/ai';
import type { Chunk } from './chunks';
import type { VerboseSegment, VerboseTranscription, VerboseWord } from './schemas';

/**
 * Whisper's own rule for a segment that is really silence (its transcribe() skips these):
 * it hallucinates "Thank you." over silence, and these two numbers give it away.
 */
const NO_SPEECH_PROB = 0.6;
const SILENT_LOGPROB = -1;

function isSilent(s: VerboseSegment): boolean {
  return (s.no_speech_prob ?? 0) > NO_SPEECH_PROB && (s.avg_logprob ?? 0) < SILENT_LOGPROB;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Words of one chunk's verbose_json, in absolute media time, restricted to the chunk's keep
 * window. Word times come from, in order of preference: top-level `words` (OpenAI,
 * faster-whisper), `segments[].words` (whisper.cpp's server), or — for servers that ignore
 * word granularity — the segment interval shared out by word length (coarse but searchable).
 */
export function wordsFromVerbose(res: VerboseTranscription, chunk: Chunk): TimedWord[] {
  const segments = res.segments ?? [];
  const silent = segments.filter(isSilent);
  const raw: VerboseWord[] = res.words?.length
    ? res.words
    : segments.some((s) => s.words?.length)
      ? segments.flatMap((s) => (isSilent(s) ? [] : (s.words ?? [])))
      : segments.filter((s) => !isSilent(s)).flatMap(interpolate);
  const lenMs = chunk.endMs - chunk.startMs;
  const out: TimedWord[] = [];
  for (const w of raw) {
    const text = w.word.trim();
    if (!text || !Number.isFinite(w.start) || !Number.isFinite(w.end)) continue;
    const mid = (w.start + w.end) / 2;
    if (silent.some((s) => mid >= s.start && mid <= s.end)) continue;
    // Servers sometimes report times a little past the audio they were sent; never leave the chunk.
    const rel0 = Math.min(lenMs, Math.max(0, Math.round(w.start * 1000)));
    const rel1 = Math.min(lenMs, Math.max(rel0, Math.round(w.end * 1000)));
    const startMs = chunk.startMs + rel0;
    if (startMs < chunk.keepFromMs || startMs >= chunk.keepToMs) continue;
    out.push({ w: text, startMs, endMs: chunk.startMs + rel1, conf: confidence(w, mid, segments) });
  }
  return out;
}

/** The word's own probability if the server gave one, else exp(avg_logprob) of its segment. */
function confidence(w: VerboseWord, mid: number, segments: VerboseSegment[]): number | null {
  if (typeof w.probability === 'number' && Number.isFinite(w.probability)) return clamp01(w.probability);
  const seg = segments.find((s) => mid >= s.start && mid <= s.end && typeof s.avg_logprob === 'number');
  return seg ? clamp01(Math.exp(seg.avg_logprob!)) : null;
}

function interpolate(s: VerboseSegment): VerboseWord[] {
  const words = (s.text ?? '').split(/\s+/).filter(Boolean);
  const total = words.reduce((n, w) => n + w.length, 0);
  const span = Math.max(0, s.end - s.start);
  let at = s.start;
  return words.map((word) => {
    const d = total > 0 ? (span * word.length) / total : 0;
    const w = { word, start: at, end: at + d };
    at += d;
    return w;
  });
}

