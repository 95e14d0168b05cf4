import { describe, expect, it } from 'vitest';
import { TextDecoderLite } from './utf8';

describe('TextDecoderLite (UXP has no TextDecoder)', () => {
  it('decodes what TextEncoder wrote, without TextDecoder', () => {
    const saved = globalThis.TextDecoder;
    // @ts-expect-error -- simulate UXP, where TextDecoder is missing
    delete globalThis.TextDecoder;
    try {
      const text = '{"error":{"code":"frame.out_of_range","message":"Frame 9 — past the end 🎞"}}';
      expect(new TextDecoderLite().decode(new TextEncoder().encode(text))).toBe(text);
      expect(new TextDecoderLite().decode(new Uint8Array([0x41, 0xff, 0xc3]))).toBe('A\ufffd\ufffd');
    } finally {
      globalThis.TextDecoder = saved;
    }
  });
});
