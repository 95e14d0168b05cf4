/** One entry of an ffmpeg-written media playlist (RFC 8216 §4.3.2). */
export interface PlaylistEntry {
  seq: number;
  uri: string;
  durationMs: number;
  /** EXT-X-PROGRAM-DATE-TIME of the segment, epoch ms (null when absent). */
  pdtMs: number | null;
}

/** Parses the media playlist ffmpeg's HLS muxer writes: sequence, EXTINF, PDT, URI. Unknown tags are ignored. */
export function parsePlaylist(text: string): { entries: PlaylistEntry[]; ended: boolean } {
  let seq = 0;
  let duration: number | null = null;
  let pdt: number | null = null;
  let ended = false;
  const entries: PlaylistEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) seq = Number(line.slice(22));
    else if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      // ffmpeg writes +0000 (no colon), which Date.parse accepts.
      const t = Date.parse(line.slice(25));
      pdt = Number.isNaN(t) ? null : t;
    } else if (line === '#EXT-X-ENDLIST') ended = true;
    else if (!line.startsWith('#')) {
      if (duration !== null && Number.isFinite(duration)) entries.push({ seq, uri: line, durationMs: Math.round(duration * 1000), pdtMs: pdt });
      seq += 1;
      duration = null;
      pdt = null;
    }
  }
  return { entries, ended };
}
