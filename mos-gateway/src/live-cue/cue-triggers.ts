/** What a producer's action means for a live item: open its clip, or close it. */
export type CueAction = 'in' | 'out';

/**
 * roCtrl commands (MOS 2.8.5 §3.9, profile 5 item control): EXECUTE starts the item — for a live reference,
 * the clip's in-point; STOP ends it — the out-point. READY, PAUSE and SIGNAL change nothing in a recording.
 */
export function cueFromCtrl(command: string): CueAction | null {
  const c = command.trim().toUpperCase();
  return c === 'EXECUTE' ? 'in' : c === 'STOP' ? 'out' : null;
}

/**
 * Item statuses an NRCS sends with roElementStat / roItemStat (bidirectional since MOS 2.8.5 §3.7.2). The strings
 * are free text; these are the ones in use (mos.md: PLAY, STOP, CUED …, iNews statusTranslations maps its own onto
 * them). Configurable per deployment: CUTAWAY_MOS_LIVE_IN_STATUSES / CUTAWAY_MOS_LIVE_OUT_STATUSES.
 */
export interface StatusMap {
  in: readonly string[];
  out: readonly string[];
}

export const DEFAULT_STATUS_MAP: StatusMap = { in: ['PLAY', 'PLAYING', 'ON AIR', 'CUE IN'], out: ['STOP', 'STOPPED', 'OFF AIR', 'CUE OUT'] };

export function statusMapFrom(env: Record<string, string | undefined>): StatusMap {
  const list = (v: string | undefined, d: readonly string[]) => (v?.trim() ? v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : d);
  return { in: list(env.CUTAWAY_MOS_LIVE_IN_STATUSES, DEFAULT_STATUS_MAP.in), out: list(env.CUTAWAY_MOS_LIVE_OUT_STATUSES, DEFAULT_STATUS_MAP.out) };
}

export function cueFromStatus(status: string, map: StatusMap = DEFAULT_STATUS_MAP): CueAction | null {
  const s = status.trim().toUpperCase();
  return map.in.includes(s) ? 'in' : map.out.includes(s) ? 'out' : null;
}
