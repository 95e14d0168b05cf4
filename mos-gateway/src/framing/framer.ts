import { AppError } from '@cutaway/shared';

/**
 * Byte stream → complete `<mos>…</mos>` documents (MOS 2.8.5 §2.1: there is no framing, the stream
 * is a concatenation of XML documents). Framing happens on BYTES, in the wire encoding, and only a
 * complete document is decoded: a UTF-16 character split across TCP reads — also at an odd byte
 * offset — is never decoded half (the per-chunk decoding bug of mos.md §1.3). The scan resumes
 * where it stopped, so a large message arriving in many reads costs linear time.
 *
 * Encoding: 'auto' picks, per connection, whichever of UTF-16BE or UTF-8 the first
 * `<mos>` is written in; BOMs, XML declarations, whitespace and junk between documents are dropped.
 */
export type WireEncoding = 'utf16be' | 'utf16le' | 'utf8';

export type FrameEvent =
  | { kind: 'message'; xml: string; encoding: WireEncoding; bytes: number }
  | { kind: 'junk'; bytes: number }
  | { kind: 'error'; error: AppError };

interface Patterns {
  encoding: WireEncoding;
  open: Buffer;
  close: Buffer;
  unit: number;
  /** Encoded forms of the characters that may follow `<mos`: `>`, whitespace, `/`. */
  after: Buffer[];
}

function patterns(encoding: WireEncoding): Patterns {
  const enc = (s: string) => (encoding === 'utf8' ? Buffer.from(s, 'utf8') : encoding === 'utf16le' ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'utf16le').swap16());
  return { encoding, open: enc('<mos'), close: enc('</mos>'), unit: encoding === 'utf8' ? 1 : 2, after: ['>', ' ', '\t', '\r', '\n', '/'].map(enc) };
}
// UTF-16LE is not guessed: its `<mos` bytes also match inside UTF-16BE text shifted by one. Configure it per peer.
const ALL: Patterns[] = (['utf16be', 'utf8'] as const).map(patterns);
const decoders: Record<WireEncoding, TextDecoder> = { utf16be: new TextDecoder('utf-16be', { fatal: true }), utf16le: new TextDecoder('utf-16le', { fatal: true }), utf8: new TextDecoder('utf-8', { fatal: true }) };

export interface FramerOptions {
  encoding: WireEncoding | 'auto';
  /** A document larger than this is dropped with `mos.too_large` and the framer resyncs. */
  maxBytes: number;
}

export class MosFramer {
  private buf: Buffer = Buffer.alloc(0);
  private p: Patterns | null;
  /** 1 while inside a document (which always starts at offset 0 of `buf`); `scan` = where to look next. */
  private depth = 0;
  private scan = 0;
  private skipping = false;

  constructor(private readonly options: FramerOptions) {
    this.p = options.encoding === 'auto' ? null : patterns(options.encoding);
  }

  get encoding(): WireEncoding | null {
    return this.p?.encoding ?? null;
  }

  /** Feeds one read; returns every document (and junk/error notice) it completed. */
  push(chunk: Uint8Array): FrameEvent[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: FrameEvent[] = [];
    for (;;) {
      if (this.depth === 0) {
        const start = this.findStart();
        if (start < 0) {
          // Keep a tail that may be the first bytes of a split `<mos`; the rest is junk.
          const keep = Math.min(this.buf.length, 16);
          const junk = this.buf.length - keep;
          if (junk > 0) {
            if (!this.skipping) out.push({ kind: 'junk', bytes: junk });
            this.buf = this.buf.subarray(junk);
          }
          return out;
        }
        if (start > 0) {
          if (!this.skipping && this.buf.subarray(0, start).some((b) => b > 0x20 && b !== 0xfe && b !== 0xff && b !== 0xbb && b !== 0xbf && b !== 0xef)) out.push({ kind: 'junk', bytes: start });
          this.buf = this.buf.subarray(start);
        }
        this.skipping = false;
        this.depth = 1;
        this.scan = this.p!.open.length;
      }
      const p = this.p!;
      const done = this.advance(p, out);
      if (done < 0) {
        if (this.buf.length > this.options.maxBytes) {
          out.push({ kind: 'error', error: new AppError('mos.too_large', `A message passed ${this.options.maxBytes} bytes without </mos>; dropped`, { bytes: this.buf.length }) });
          // Resync: drop what we have and look for the next `<mos` start.
          this.buf = Buffer.alloc(0);
          this.depth = 0;
          this.skipping = true;
        }
        return out;
      }
      const bytes = this.buf.subarray(0, done);
      this.buf = this.buf.subarray(done);
      this.depth = 0;
      try {
        out.push({ kind: 'message', xml: decoders[p.encoding].decode(bytes), encoding: p.encoding, bytes: bytes.length });
      } catch (err) {
        out.push({ kind: 'error', error: new AppError('mos.encoding_invalid', `A message is not valid ${p.encoding}`, { bytes: bytes.length }, { cause: err }) });
      }
    }
  }

  /** Byte offset of the next real `<mos` start (not `<mosID>`), or -1; in auto mode also fixes the encoding. */
  private findStart(): number {
    const candidates = this.p ? [this.p] : ALL;
    let best = -1;
    for (const p of candidates) {
      let from = 0;
      for (;;) {
        const i = this.buf.indexOf(p.open, from);
        if (i < 0) break;
        const next = this.buf.subarray(i + p.open.length, i + p.open.length + p.unit);
        if (next.length < p.unit) {
          // Cannot tell `<mos>` from `<mosID>` yet: wait for more bytes, but only if nothing earlier matched.
          if (best < 0 || i < best) best = -2 - i;
          break;
        }
        if (p.after.some((a) => a.equals(next))) {
          if (best < 0 || i < best) {
            best = i;
            if (!this.p || this.p !== p) this.p = p;
          }
          break;
        }
        from = i + 1;
      }
    }
    if (best <= -2) {
      // Keep everything from the undecided start; report "not yet".
      const at = -2 - best;
      if (at > 0) this.buf = this.buf.subarray(at);
      return -1;
    }
    return best;
  }

  /**
   * Scans from `scan` for `</mos>`; returns the end offset of the document or -1. A new `<mos` start
   * before it means the current document was cut off (a peer that died mid-send): it is dropped and
   * framing restarts there, instead of nesting it (the way Sofie's counter does) and losing the stream.
   */
  private advance(p: Patterns, out: FrameEvent[]): number {
    for (;;) {
      const close = this.buf.indexOf(p.close, this.scan);
      let open = this.buf.indexOf(p.open, this.scan);
      while (open >= 0 && (close < 0 || open < close)) {
        const next = this.buf.subarray(open + p.open.length, open + p.open.length + p.unit);
        if (next.length < p.unit || p.after.some((a) => a.equals(next))) break;
        open = this.buf.indexOf(p.open, open + 1);
      }
      if (open >= 0 && (close < 0 || open < close)) {
        if (open + p.open.length + p.unit > this.buf.length) {
          this.scan = open;
          return -1;
        }
        out.push({ kind: 'error', error: new AppError('mos.parse_failed', 'A message was cut off by the start of the next one; dropped', { bytes: open }) });
        this.buf = this.buf.subarray(open);
        this.scan = p.open.length;
        continue;
      }
      if (close < 0) {
        // Resume a little before the end: a split `</mos>` or `<mos` must still be found.
        this.scan = Math.max(this.scan, this.buf.length - p.close.length + 1);
        return -1;
      }
      return close + p.close.length;
    }
  }
}

/** Encodes an outgoing document for a peer (MOS 2.8.5 "Encoding": UCS-2 big-endian; UTF-8 where a peer is set to it). */
export function encodeWire(xml: string, encoding: WireEncoding, bom = false): Buffer {
  if (encoding === 'utf8') return Buffer.from(bom ? `\ufeff${xml}` : xml, 'utf8');
  const le = Buffer.from(bom ? `\ufeff${xml}` : xml, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}
