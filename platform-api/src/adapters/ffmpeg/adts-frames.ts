/** Sampling frequencies by ADTS `sampling_frequency_index` (ISO/IEC 14496-3 §1.6.3.4, Table 1.18). */
const RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/**
 * Splits an ADTS byte stream (ISO/IEC 13818-7 §6.2, `adts_frame`) into whole frames, across chunk boundaries, and
 * stops passing frames on once `limit` samples' worth has gone through: the exact pass trims the clip's audio to its
 * video length this way, as `-t` would on a stream copy, but decided only when the out-point is known.
 */
export class AdtsFramer {
  private pending = Buffer.alloc(0);
  /** Samples passed on so far (1024 per raw data block). */
  samples = 0;
  /** From the first frame's header; null until one was seen. */
  sampleRate: number | null = null;
  private limit = Infinity;

  /** Samples allowed through in total; frames past it are dropped. */
  setLimit(samples: number): void {
    this.limit = samples;
  }

  get full(): boolean {
    return this.samples >= this.limit;
  }

  /** Whole frames from `chunk` (and what was left over before), up to the limit; a partial frame waits for more. */
  push(chunk: Buffer): Buffer[] {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (buf.length >= 7 && !this.full) {
      // syncword 0xFFF (12 bits); frame_length is 13 bits across bytes 3–5, header included.
      if (buf[0] !== 0xff || (buf[1]! & 0xf0) !== 0xf0) throw new Error('ADTS stream lost its sync word');
      const length = ((buf[3]! & 0x03) << 11) | (buf[4]! << 3) | (buf[5]! >> 5);
      if (length < 7) throw new Error('ADTS frame shorter than its header');
      if (buf.length < length) break;
      this.sampleRate ??= RATES[(buf[2]! >> 2) & 0x0f] ?? null;
      this.samples += 1024 * ((buf[6]! & 0x03) + 1);
      out.push(buf.subarray(0, length));
      buf = buf.subarray(length);
    }
    this.pending = this.full ? Buffer.alloc(0) : Buffer.from(buf);
    return out;
  }
}
