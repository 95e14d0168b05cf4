/**
 * The one set of H.264/AAC settings the recorder and the exact pass both use: a re-encoded head or tail GOP must
 * carry the same SPS/PPS as the copied middle for the joined file to decode as one stream
 * (media-pipeline.md, live section: "-tune zerolatency … keyframes on the segment grid").
 */
export function liveVideoArgs(videoBitrateKbps: number): string[] {
  return [
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-b:v', `${videoBitrateKbps}k`, '-maxrate', `${videoBitrateKbps}k`, '-bufsize', `${videoBitrateKbps * 2}k`,
  ];
}

export const LIVE_AUDIO_ARGS = ['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'];

/** Input options per scheme: RTMP URLs are listened on (the encoder pushes to us), the rest are taken as given. */
export function liveInputArgs(url: string): string[] {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'rtmp') return ['-listen', '1', '-i', url];
  // A pulled HLS stream is followed from its live edge.
  if (scheme === 'http' || scheme === 'https') return ['-live_start_index', '-1', '-i', url];
  return ['-i', url];
}
