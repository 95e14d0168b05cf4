import { AppError, type AssetType, type Technical } from '@cutaway/shared';
import type { ProbeResult } from '../../ports/media-tools';
import { streamRate } from './rate';

/** The subset of `ffprobe -print_format json -show_format -show_streams` we read. */
export interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}
export interface FfprobeJson {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; start_time?: string; bit_rate?: string; tags?: Record<string, string> };
}

/** Codecs that are single pictures when they come alone (mjpeg in an AVI is motion JPEG: it has frames and a duration). */
const STILL_CODECS = new Set(['mjpeg', 'png', 'webp', 'bmp', 'tiff', 'gif', 'jpeg2000', 'jpegls', 'jpegxl', 'ppm', 'pgm', 'pam', 'dpx', 'exr', 'qoi', 'targa', 'sgi', 'pcx', 'xwd', 'photocd', 'hdr']);
const CONTAINER_BY_CODEC: Record<string, string> = { mjpeg: 'jpeg', jpeg2000: 'jpeg2000', png: 'png', webp: 'webp', bmp: 'bmp', tiff: 'tiff' };

/** The pictures a person would call "the video": cover art in an MP3/M4A is an attached picture, not video. */
export function videoStreams(json: FfprobeJson): FfprobeStream[] {
  return (json.streams ?? []).filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
}

export function toProbeResult(json: FfprobeJson): ProbeResult {
  const streams = json.streams ?? [];
  const format = json.format ?? {};
  const video = videoStreams(json)[0];
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) throw new AppError('media.probe_failed', 'ffprobe found no audio or video stream', { format: format.format_name ?? null });
  const type: AssetType = video ? (isStill(video, format.format_name, !!audio) ? 'image' : 'video') : 'audio';
  const seconds = Number(format.duration ?? video?.duration ?? audio?.duration);
  const timecode = format.tags?.timecode ?? streams.find((s) => s.tags?.timecode)?.tags?.timecode ?? null;
  const [width, height] = video ? displaySize(video) : [null, null];
  const technical: Technical = {
    container: container(format.format_name, format.tags?.major_brand, video?.codec_name),
    durationMs: type !== 'image' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null,
    rate: type === 'video' && video ? streamRate(video.r_frame_rate, video.avg_frame_rate) : null,
    // ffmpeg writes drop-frame timecode with ';' before the frames (SMPTE 12M), e.g. 00:59:59;28.
    dropFrame: timecode?.includes(';') ?? false,
    startTimecode: timecode,
    width,
    height,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    audioChannels: audio?.channels ?? null,
    sampleRate: positiveInt(audio?.sample_rate),
    bitRate: positiveInt(format.bit_rate),
  };
  return { type, technical, hasVideo: type === 'video', hasAudio: !!audio };
}

function isStill(v: FfprobeStream, formatName = '', hasAudio: boolean): boolean {
  if (hasAudio) return false;
  // image2 and the *_pipe demuxers only ever read pictures.
  if (formatName.split(',').some((n) => n === 'image2' || n.endsWith('_pipe'))) return true;
  if (!STILL_CODECS.has(v.codec_name ?? '')) return false;
  const frames = Number(v.nb_frames);
  return Number.isFinite(frames) ? frames <= 1 : !(Number(v.duration) > 0.1);
}

function container(formatName: string | undefined, brand: string | undefined, videoCodec: string | undefined): string | null {
  if (!formatName) return null;
  const names = formatName.split(',');
  // The mov demuxer answers for the whole ISO-BMFF family; the major brand says which one it is.
  if (names.includes('mov') && names.includes('mp4')) return brand?.trim() === 'qt' ? 'mov' : 'mp4';
  if (names[0] === 'image2' || names[0]?.endsWith('_pipe')) return CONTAINER_BY_CODEC[videoCodec ?? ''] ?? names[0]!.replace(/_pipe$/, '');
  return names[0] ?? null;
}

/** Phone footage is stored landscape with a display matrix; ffmpeg autorotates, so report what is shown. */
function displaySize(v: FfprobeStream): [number | null, number | null] {
  const w = v.width && v.width > 0 ? v.width : null;
  const h = v.height && v.height > 0 ? v.height : null;
  const rotation = v.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(v.tags?.rotate ?? 0);
  return Math.abs(rotation) % 180 === 90 ? [h, w] : [w, h];
}

function positiveInt(s: string | undefined): number | null {
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}
