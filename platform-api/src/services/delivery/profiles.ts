import { AppError, DeliveryProfileSchema, type DeliveryProfile, type DeliveryProfileId } from '@cutaway/shared';

/**
 * Delivery profiles as dated data: platforms change their specs, so each profile says when and where
 * it was read. Sizes, rates and durations are the platforms' published limits; the loudness targets are
 * EBU R 128 (−23 LUFS, −1 dBTP) for broadcast and the AES streaming practice (−16 LUFS, peaks ≤ −1 dBTP)
 * for social, with −1.5 dBTP leaving room for the AAC encoder's overshoot.
 */
const SOCIAL_LOUDNESS = { integratedLufs: -16, truePeakDbtp: -1.5, lra: 11 } as const;
/** Reels/TikTok/Stories UI: clear top 14 %, bottom 35 %, sides 6 % (houseofmarketers.com safe-zone guide). */
const VERTICAL_SAFE = { top: 0.14, bottom: 0.35, left: 0.06, right: 0.06 } as const;
const YOUTUBE_SRC = 'https://support.google.com/youtube/answer/1722171';
const REELS_SRC = 'https://www.ayrshare.com/docs/media-guidelines/instagram';
const SAFE_SRC = 'https://houseofmarketers.com/guide-to-safe-zones-tiktok-facebook-instagram-stories-reels/';
const LOUD_SRC = 'https://tech.ebu.ch/docs/r/r128.pdf';
const AES_SRC = 'https://www.radioworld.com/tech-and-gear/tech-tips/streaming-audio-loudness-guidelines-explained';

const RAW: DeliveryProfile[] = [
  {
    id: 'youtube-1080p', name: 'YouTube 1080p (16:9)', platform: 'youtube', width: 1920, height: 1080, fps: 25, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 8000, maxBitrateKbps: 12000, gopFrames: 13, audioCodec: 'aac', audioBitrateKbps: 192, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: { top: 0.05, bottom: 0.12, left: 0.05, right: 0.05 }, minDurationS: 1, maxDurationS: 12 * 3600, maxBytes: null,
    specDate: '2026-12-06', sources: [YOUTUBE_SRC, AES_SRC],
    notes: 'H.264 High, closed GOP of half the frame rate, 2 B-frames, moov atom first, AAC-LC 48 kHz; 8 Mbps for 1080p SDR at 24–30 fps.',
  },
  {
    id: 'reels-9x16', name: 'Instagram Reels (9:16)', platform: 'instagram', width: 1080, height: 1920, fps: 30, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 6000, maxBitrateKbps: 10000, gopFrames: 60, audioCodec: 'aac', audioBitrateKbps: 128, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: VERTICAL_SAFE, minDurationS: 3, maxDurationS: 15 * 60, maxBytes: 300 * 1024 * 1024,
    specDate: '2026-12-06', sources: [REELS_SRC, SAFE_SRC, AES_SRC],
    notes: '1080×1920, 23–60 fps, 3 s–15 min; 300 MB per the English guide (1 GB in translated pages: the lower one is kept).',
  },
  {
    id: 'tiktok-9x16', name: 'TikTok (9:16)', platform: 'tiktok', width: 1080, height: 1920, fps: 30, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 6000, maxBitrateKbps: 10000, gopFrames: 60, audioCodec: 'aac', audioBitrateKbps: 128, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: VERTICAL_SAFE, minDurationS: 3, maxDurationS: 600, maxBytes: null,
    specDate: '2026-12-06', sources: ['https://www.ayrshare.com/docs/media-guidelines/tiktok', SAFE_SRC, AES_SRC],
    notes: 'MP4/MOV/WebM, 23–60 fps, 3–600 s.',
  },
  {
    id: 'x-9x16', name: 'X (portrait 720×1280)', platform: 'x', width: 720, height: 1280, fps: 30, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 5000, maxBitrateKbps: 25000, gopFrames: 60, audioCodec: 'aac', audioBitrateKbps: 128, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: { top: 0.08, bottom: 0.2, left: 0.05, right: 0.05 }, minDurationS: 0.5, maxDurationS: 140, maxBytes: 512 * 1024 * 1024,
    specDate: '2026-12-06', sources: ['https://www.ayrshare.com/docs/media-guidelines/x-twitter', 'https://docs.getlate.dev/resources/media-guidelines/twitter', AES_SRC],
    notes: 'H.264 High, 720×1280 portrait, 0.5–140 s, 512 MB, at most 25 Mbps.',
  },
  {
    id: 'instagram-1x1', name: 'Instagram feed (1:1)', platform: 'instagram', width: 1080, height: 1080, fps: 30, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 5000, maxBitrateKbps: 8000, gopFrames: 60, audioCodec: 'aac', audioBitrateKbps: 128, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: { top: 0.05, bottom: 0.1, left: 0.05, right: 0.05 }, minDurationS: 3, maxDurationS: 60 * 60, maxBytes: 300 * 1024 * 1024,
    specDate: '2026-12-06', sources: [REELS_SRC, AES_SRC], notes: 'Square feed video, 1080×1080.',
  },
  {
    id: 'instagram-4x5', name: 'Instagram feed (4:5)', platform: 'instagram', width: 1080, height: 1350, fps: 30, fpsAllowed: [24, 25, 30, 50, 60], videoCodec: 'h264',
    videoBitrateKbps: 5000, maxBitrateKbps: 8000, gopFrames: 60, audioCodec: 'aac', audioBitrateKbps: 128, audioSampleRate: 48000,
    loudness: SOCIAL_LOUDNESS, safeZone: { top: 0.05, bottom: 0.12, left: 0.05, right: 0.05 }, minDurationS: 3, maxDurationS: 60 * 60, maxBytes: 300 * 1024 * 1024,
    specDate: '2026-12-06', sources: [REELS_SRC, AES_SRC], notes: 'Portrait feed video, 1080×1350.',
  },
  {
    id: 'broadcast-1080p25', name: 'Broadcast HD 1080p25 (EBU R 128)', platform: 'broadcast', width: 1920, height: 1080, fps: 25, fpsAllowed: [25], videoCodec: 'h264',
    videoBitrateKbps: 25000, maxBitrateKbps: 35000, gopFrames: 12, audioCodec: 'aac', audioBitrateKbps: 256, audioSampleRate: 48000,
    loudness: { integratedLufs: -23, truePeakDbtp: -1, lra: 15 }, safeZone: { top: 0.05, bottom: 0.05, left: 0.05, right: 0.05 },
    minDurationS: 1, maxDurationS: 4 * 3600, maxBytes: null, specDate: '2026-12-06',
    sources: [LOUD_SRC, 'https://tech.ebu.ch/docs/r/r095.pdf'],
    notes: 'EBU R 128: −23 LUFS ±0.5 LU, true peak ≤ −1 dBTP; EBU R 95 title-safe 5 % margins; H.264 intermediate for a playout server that transcodes on import.',
  },
];

export const PROFILES: readonly DeliveryProfile[] = Object.freeze(RAW.map((p) => Object.freeze(DeliveryProfileSchema.parse(p))));

/** The output rate: the source's when the platform takes it as it is, else the profile's. */
export function outputFps(profile: DeliveryProfile, sourceRate: { num: number; den: number } | null | undefined): number {
  const r = sourceRate ? sourceRate.num / sourceRate.den : NaN;
  return Number.isInteger(r) && profile.fpsAllowed.includes(r) ? r : profile.fps;
}

export function getProfile(id: DeliveryProfileId | string): DeliveryProfile {
  const p = PROFILES.find((x) => x.id === id);
  if (!p) throw new AppError('delivery.profile_not_found', `No delivery profile ${id}`, { id });
  return p;
}
