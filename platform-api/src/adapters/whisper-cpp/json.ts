import { z } from 'zod';
import type { TimedWord } from '../../ports/ai';

/**
 * whisper.cpp's `--output-json-full` file (examples/cli/cli.cpp, output_json): segments with
 * `offsets` in milliseconds and, in the full variant, their tokens with probability `p`.
 * With `-ml 1 -sow` every segment is one word.
 */
const Offsets = z.object({ from: z.number(), to: z.number() });

const TokenSchema = z.object({
  text: z.string(),
  offsets: Offsets.optional(),
  id: z.number().optional(),
  p: z.number().optional(),
});

const SegmentSchema = z.object({
  offsets: Offsets,
  text: z.string(),
  tokens: z.array(TokenSchema).optional(),
});

export const WhisperJsonSchema = z.object({
  result: z.object({ language: z.string().optional() }).optional(),
  transcription: z.array(SegmentSchema),
});
export type WhisperJson = z.infer<typeof WhisperJsonSchema>;

/**
 * whisper.cpp escapes only quotes and backslashes in strings, so a token holding a control
 * character makes the file invalid JSON. Outside strings such characters are only layout
 * whitespace, so blanking them all is safe.
 */
export function parseWhisperJson(text: string): unknown {
  // eslint-disable-next-line no-control-regex
  return JSON.parse(text.replace(/[\u0000-\u001f]/g, ' '));
}

/** Special tokens ([_BEG_], [_TT_150], <|endoftext|>) carry no speech and no useful probability. */
const SPECIAL = /^(\[_.*\]|<\|.*\|>)$/;
/** Non-speech annotations whisper writes as words: [BLANK_AUDIO], (music), *applause*. */
const ANNOTATION = /^(\[.*\]|\(.*\)|\*.*\*)$/;
/** No letter or digit in any script: punctuation split off by -ml 1, which belongs to the word before. */
const PUNCTUATION_ONLY = /^[^\p{L}\p{N}]+$/u;

/** Words in absolute media time (`offsetMs` = where the transcribed audio starts). */
export function wordsFromWhisperJson(json: WhisperJson, offsetMs: number): TimedWord[] {
  const words: TimedWord[] = [];
  for (const seg of json.transcription) {
    const text = seg.text.trim();
    if (!text || ANNOTATION.test(text)) continue;
    const startMs = offsetMs + Math.max(0, Math.round(seg.offsets.from));
    const endMs = Math.max(startMs, offsetMs + Math.round(seg.offsets.to));
    const prev = words.at(-1);
    if (PUNCTUATION_ONLY.test(text) && prev) {
      prev.w += text;
      prev.endMs = Math.max(prev.endMs, endMs);
      continue;
    }
    // -ml 1 splits on words, but a segment may still hold two when no split point was found.
    const parts = text.split(/\s+/);
    const conf = tokenConfidence(seg.tokens);
    const total = parts.reduce((n, p) => n + p.length, 0);
    let at = startMs;
    for (const [i, w] of parts.entries()) {
      const end = i === parts.length - 1 ? endMs : at + Math.round(((endMs - startMs) * w.length) / total);
      words.push({ w, startMs: at, endMs: end, conf });
      at = end;
    }
  }
  return words;
}

function tokenConfidence(tokens: WhisperJson['transcription'][number]['tokens']): number | null {
  const ps = (tokens ?? [])
    .filter((t) => typeof t.p === 'number' && Number.isFinite(t.p) && t.text.trim() !== '' && !SPECIAL.test(t.text.trim()))
    .map((t) => t.p!);
  return ps.length ? Math.min(1, Math.max(0, ps.reduce((a, b) => a + b, 0) / ps.length)) : null;
}
