/**
 * Display names for uploads. These are never used to build storage paths (keys are generated);
 * they are shown in UIs, sent in Content-Disposition and written to disk by the panels, so they
 * must be a single, printable, bounded name.
 */

/** Bytes, not characters: file systems (NAME_MAX 255) and headers count bytes. */
export const MAX_FILE_NAME_BYTES = 200;
const FALLBACK_STEM = 'file';

// C0/C1 controls (NUL included) and DEL; plus bidi overrides/isolates, LRM/RLM and the BOM, which are
// invisible and let "clip\u202Evom.exe" display as "clipexe.mov".
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LINE_BREAKS = /[\t\n\v\f\r]+/g;
// With the u flag a paired surrogate is one code point, so this matches lone halves only.
const LONE_SURROGATE = /[\ud800-\udfff]/gu;
// Short letters/digits only, so "Mayor. Interview at noon" has no extension.
const EXTENSION = /\.([\p{L}\p{N}]{1,16})$/u;
const EDGES = /^[\s.]+|[\s.]+$/gu;
const TRAILING = /[\s.]+$/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/**
 * Returns a safe display name: the last path component (either slash), NFC, without control and
 * bidi characters, trimmed of dots and spaces, at most 200 UTF-8 bytes with the extension kept,
 * and never empty (`file` + the extension).
 */
export function safeFileName(name: string): string {
  const { stem, ext } = split(baseName(name));
  const suffix = ext ? `.${ext}` : '';
  const short = truncateUtf8(stem, MAX_FILE_NAME_BYTES - byteLength(suffix)).replace(EDGES, '');
  return (short || FALLBACK_STEM) + suffix;
}

/** The extension of `name` as safeFileName would keep it, without the dot ('' if none); case is preserved. */
export function extensionOf(name: string): string {
  return split(baseName(name)).ext;
}

/** The last component that is more than dots and spaces (so `..` and `.` are dropped). */
function baseName(name: string): string {
  const clean = String(name ?? '')
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(LINE_BREAKS, ' ')
    .replace(INVISIBLE, '');
  const parts = clean.split(/[\\/]+/);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!.replace(TRAILING, '');
    if (part.replace(EDGES, '')) return part; // leading dots stay so ".mp4" keeps its extension
  }
  return '';
}

function split(base: string): { stem: string; ext: string } {
  const match = EXTENSION.exec(base);
  if (!match) return { stem: base.replace(EDGES, ''), ext: '' };
  return { stem: base.slice(0, match.index).replace(EDGES, ''), ext: match[1]! };
}

/** Cuts at a grapheme boundary (a flag or a family emoji stays whole), or a code point if one grapheme is too big. */
function truncateUtf8(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  const cut = (units: Iterable<string>): string => {
    let out = '';
    let bytes = 0;
    for (const unit of units) {
      bytes += byteLength(unit);
      if (bytes > maxBytes) break;
      out += unit;
    }
    return out;
  };
  return cut(Array.from(graphemes.segment(s), (g) => g.segment)) || cut(s);
}
