import type { DeliveryProfile } from '@cutaway/shared';

/**
 * CPU-seconds a render is expected to take, from the recipe figures measured on a 2-core EPYC with ffmpeg 5.1
 * (1080×1920 from 1080p: tracked crop 0.80, + captions 0.78, + watermark 1.04, full recipe 0.96, blur-fill
 * with captions and watermark 1.37 CPU-s per media-s; 720×1280 full recipe 0.47). Encode cost scales with
 * output pixels per second; `npm run bench:deliver` re-measures them.
 */
export function estimateCpuSeconds(o: { profile: DeliveryProfile; fps: number; seconds: number; reframe: 'auto' | 'center' | 'blurfill' | 'none'; captions: boolean; watermark: boolean }): number {
  const pixels = (o.profile.width * o.profile.height * o.fps) / (1080 * 1920 * 25);
  let perSecond = 0.78 * pixels;
  if (o.watermark) perSecond += 0.2 * pixels;
  if (o.reframe === 'blurfill') perSecond += 0.4 * pixels;
  if (o.reframe === 'auto') perSecond += 0.03; // detection on the proxy at 5 fps
  perSecond += 0.03; // loudness pass 1 and the ebur128 check
  return Math.round(perSecond * o.seconds * 10) / 10;
}
