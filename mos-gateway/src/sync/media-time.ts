import type { Asset } from '@cutaway/shared';

/**
 * objTB / objDur conventions (MOS 2.8.5 §6: objTB = samples per second, objDur = samples): we use the
 * asset's own rate — frames per second for video (25, 29.97 as 30000/1001 rounded to 3 decimals),
 * the sample rate for audio, and 1 for stills (objDur 1) — so a playout reads native frame counts.
 */
export function timeBase(asset: Asset): number {
  const t = asset.technical;
  if (asset.type === 'video' && t?.rate) return Math.round((t.rate.num / t.rate.den) * 1000) / 1000;
  if (asset.type === 'audio' && t?.sampleRate) return t.sampleRate;
  if (asset.type === 'video') return 25;
  if (asset.type === 'audio') return 48000;
  return 1;
}

export function durationSamples(asset: Asset): number | undefined {
  if (asset.type === 'image') return 1;
  const ms = asset.technical?.durationMs;
  return ms == null ? undefined : Math.round((ms * timeBase(asset)) / 1000);
}

export const samplesToMs = (samples: number, tb: number): number => Math.max(0, Math.round((samples * 1000) / tb));
export const msToSamples = (ms: number, tb: number): number => Math.max(0, Math.round((ms * tb) / 1000));
