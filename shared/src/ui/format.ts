import type { Asset, MomentKind } from '../schemas/index';
import { msToTimecode } from '../timecode/index';
import { assetRate } from './actions/moment-ticks';

/** SMPTE timecode of a media time in the asset's own rate (drop-frame when the source is). */
export function assetTimecode(asset: Asset, ms: number): string {
  const rate = assetRate(asset);
  const dropFrame = Boolean(asset.technical?.dropFrame);
  try {
    return msToTimecode(Math.max(0, Math.round(ms)), rate, { dropFrame });
  } catch {
    return msToTimecode(Math.max(0, Math.round(ms)), rate);
  }
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Short text badges, not emoji or an icon font: every UXP, CEP and Linux font renders them. */
export const KIND_ICON: Record<MomentKind, string> = { speech: 'SAID', ocr: 'TEXT', shot: 'SHOT', tag: 'TAG', marker: 'NOTE', face: 'FACE', object: 'OBJ' };
export const KIND_LABEL: Record<MomentKind, string> = { speech: 'Speech', ocr: 'On-screen text', shot: 'Shot', tag: 'Tag', marker: 'Marker', face: 'Person', object: 'Object' };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
