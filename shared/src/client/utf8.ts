/**
 * UTF-8 bytes → string without TextDecoder, which UXP lacks (Adobe's UXP known-issues page lists it).
 * Used only for short error bodies that arrive as an ArrayBuffer; invalid sequences become U+FFFD.
 */
export class TextDecoderLite {
  decode(buffer: ArrayBuffer | Uint8Array): string {
    if (typeof TextDecoder !== 'undefined') return new TextDecoder().decode(buffer);
    const b = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    let out = '';
    let i = 0;
    while (i < b.length) {
      const c = b[i]!;
      // Continuation bytes after the lead byte: 0 for ASCII, 1–3 for multi-byte, -1 for an invalid lead.
      const need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
      let cp = need === 0 ? c : c & (0x3f >> need);
      let ok = need >= 0;
      for (let k = 1; ok && k <= need; k++) {
        const n = b[i + k];
        if (n === undefined || (n & 0xc0) !== 0x80) ok = false;
        else cp = (cp << 6) | (n & 0x3f);
      }
      out += ok ? String.fromCodePoint(cp) : '\ufffd';
      i += ok ? need + 1 : 1;
    }
    return out;
  }
}
