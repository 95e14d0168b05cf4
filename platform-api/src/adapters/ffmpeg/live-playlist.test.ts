import { describe, expect, it } from 'vitest';
import { parsePlaylist } from './live-playlist';

describe('parsePlaylist', () => {
  it('reads sequence numbers, durations and program-date-time as ffmpeg 5.1 writes them', () => {
    const text = [
      '#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:41', '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXTINF:2.000000,', '#EXT-X-PROGRAM-DATE-TIME:2026-12-06T17:57:06.311+0000', 'seg-000041.ts',
      '#EXTINF:1.760000,', '#EXT-X-PROGRAM-DATE-TIME:2026-12-06T17:57:08.311+0000', 'seg-000042.ts', '',
    ].join('\n');
    const { entries, ended } = parsePlaylist(text);
    expect(ended).toBe(false);
    expect(entries).toEqual([
      { seq: 41, uri: 'seg-000041.ts', durationMs: 2000, pdtMs: Date.UTC(2026, 11, 6, 17, 57, 6, 311) },
      { seq: 42, uri: 'seg-000042.ts', durationMs: 1760, pdtMs: Date.UTC(2026, 11, 6, 17, 57, 8, 311) },
    ]);
  });

  it('sees the end list and tolerates a playlist without dates', () => {
    const { entries, ended } = parsePlaylist('#EXTM3U\n#EXTINF:2.0,\na.ts\n#EXT-X-ENDLIST\n');
    expect(ended).toBe(true);
    expect(entries).toEqual([{ seq: 0, uri: 'a.ts', durationMs: 2000, pdtMs: null }]);
  });
});
