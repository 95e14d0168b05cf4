import { runTool } from './run';

export interface Packet {
  /** Presentation time in µs, as ffprobe prints it (absolute: includes the container's start_time). */
  ptsUs: number;
  durUs: number;
  key: boolean;
  /** `D`: a packet the muxer keeps only as decoder pre-roll (edit list), never shown. */
  discard: boolean;
}

/**
 * Lists the packets of one stream without decoding (`-show_entries packet=…`; flags K = keyframe,
 * D = discard), sorted by pts. `interval` is ffprobe's -read_intervals syntax, in absolute seconds.
 */
export async function scanPackets(ffprobe: string, url: string, streamIndex: number, interval?: string, hide: string[] = []): Promise<Packet[]> {
  const args = [
    '-v', 'error', '-hide_banner', '-select_streams', String(streamIndex),
    ...(interval ? ['-read_intervals', interval] : []),
    '-show_entries', 'packet=pts_time,dts_time,duration_time,flags', '-of', 'compact=p=0:nk=0', url,
  ];
  const { stdout } = await runTool(ffprobe, args, { failCode: 'media.probe_failed', hidePaths: hide });
  const packets: Packet[] = [];
  for (const line of stdout.split('\n')) {
    const f = Object.fromEntries(line.split('|').map((kv) => kv.split('=') as [string, string]));
    // Some demuxers (raw streams, AVI) leave pts unset; dts is then the presentation order too.
    const t = toUs(f.pts_time) ?? toUs(f.dts_time);
    if (t === null) continue;
    const flags = f.flags ?? '';
    packets.push({ ptsUs: t, durUs: toUs(f.duration_time) ?? 0, key: flags.includes('K'), discard: flags.includes('D') });
  }
  return packets.sort((a, b) => a.ptsUs - b.ptsUs);
}

function toUs(s: string | undefined): number | null {
  if (!s || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Math.round(Number(s) * 1e6);
}
