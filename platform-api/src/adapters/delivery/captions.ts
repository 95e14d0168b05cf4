import type { CaptionWord } from '../../ports/delivery-renderer';
import type { SafeZone } from '@cutaway/shared';

/** A caption line: 1–3 words shown together (short lines read best on vertical video). */
export interface CaptionEvent {
  startMs: number;
  endMs: number;
  words: CaptionWord[];
}

const MAX_WORDS = 3;
/** A pause this long ends a line, so captions are gone in silence. */
const MAX_GAP_MS = 600;
/** Lines stay on screen at least this long, but never into the next line. */
const MIN_LINE_MS = 500;

// eslint-disable-next-line no-control-regex -- transcripts are untrusted: control characters go
const CONTROL = /[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const clean = (s: string) => s.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);

/** Groups words into lines: at most three, broken at pauses. */
export function captionEvents(words: readonly CaptionWord[]): CaptionEvent[] {
  const sorted = words.map((w) => ({ ...w, text: clean(w.text) })).filter((w) => w.text && w.endMs > w.startMs).sort((a, b) => a.startMs - b.startMs);
  const events: CaptionEvent[] = [];
  let cur: CaptionWord[] = [];
  const flush = () => {
    if (!cur.length) return;
    events.push({ startMs: cur[0]!.startMs, endMs: cur[cur.length - 1]!.endMs, words: cur });
    cur = [];
  };
  for (const w of sorted) {
    const last = cur[cur.length - 1];
    if (cur.length >= MAX_WORDS || (last && w.startMs - last.endMs > MAX_GAP_MS)) flush();
    cur.push(w);
  }
  flush();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const next = events[i + 1];
    e.endMs = Math.min(Math.max(e.endMs, e.startMs + MIN_LINE_MS), next ? next.startMs : Number.POSITIVE_INFINITY);
  }
  return events;
}

/**
 * ASS override blocks start with `{` and `\N`, `\h` are escapes even outside them: a transcript saying
 * `{\pos(0,0)}` must render as text, not move the caption (assistant.md R2). Braces become parentheses and
 * backslashes the fullwidth reverse solidus, which libass draws but never parses.
 */
export function escapeAss(text: string): string {
  return clean(text).replace(/\\/g, '\uff3c').replace(/\{/g, '(').replace(/\}/g, ')');
}

const assTime = (ms: number) => {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
};

/**
 * The subtitle file for `ass=`: PlayRes is the output size, so margins are output pixels; the bottom
 * margin keeps the line above the platform's bottom UI and the side margins inside its side bars.
 * The word being spoken is yellow (&H00FFFF& is BGR).
 */
export function buildAss(events: readonly CaptionEvent[], width: number, height: number, safe: SafeZone): string {
  const fontSize = Math.round(Math.min(width, height) * 0.075);
  const marginV = Math.round(height * safe.bottom) + Math.round(height * 0.02);
  const marginH = Math.round(width * Math.max(safe.left, safe.right)) + Math.round(width * 0.02);
  const lines = [
    '[Script Info]', 'ScriptType: v4.00+', `PlayResX: ${width}`, `PlayResY: ${height}`, 'WrapStyle: 0', 'ScaledBorderAndShadow: yes', '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: Default,DejaVu Sans,${fontSize},&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,1,0,0,0,100,100,0,0,1,${Math.max(2, Math.round(fontSize / 14))},0,2,${marginH},${marginH},${marginV},1`,
    '', '[Events]', 'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  for (const e of events) {
    e.words.forEach((w, i) => {
      const start = i === 0 ? e.startMs : w.startMs;
      const end = i === e.words.length - 1 ? e.endMs : e.words[i + 1]!.startMs;
      if (end <= start) return;
      const text = e.words.map((x, j) => (j === i ? `{\\c&H00FFFF&}${escapeAss(x.text)}{\\c&HFFFFFF&}` : escapeAss(x.text))).join(' ');
      lines.push(`Dialogue: 0,${assTime(start)},${assTime(end)},Default,,0,0,0,,${text}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

const stamp = (ms: number, sep: ',' | '.') => {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(t % 1000).padStart(3, '0')}`;
};

/** Sidecars carry plain text: markup characters are escaped (VTT) or dropped (SRT players read some HTML and ASS tags). */
const escapeVtt = (s: string) => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const plainSrt = (s: string) => clean(s).replace(/[<>{}\\]/g, '');

export function buildSrt(events: readonly CaptionEvent[]): string {
  return events.map((e, i) => `${i + 1}\n${stamp(e.startMs, ',')} --> ${stamp(e.endMs, ',')}\n${e.words.map((w) => plainSrt(w.text)).join(' ')}\n`).join('\n');
}

export function buildVtt(events: readonly CaptionEvent[]): string {
  return `WEBVTT\n\n${events.map((e) => `${stamp(e.startMs, '.')} --> ${stamp(e.endMs, '.')}\n${e.words.map((w) => escapeVtt(w.text)).join(' ')}\n`).join('\n')}`;
}
