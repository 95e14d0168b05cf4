import { mkdir } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { CutResult } from '../../ports/media-tools';
import { scanPackets, type Packet } from './packets';
import { ffprobeJson, fileUrl } from './probe';
import { videoStreams } from './probe-map';
import { runTool } from './run';
import type { Tools } from './tools';

/** Read this much either side of the range when listing keyframes; a longer GOP falls back to a full scan. */
const SCAN_MARGIN_S = 30;
/** A keyframe within half a millisecond of a bound counts as on it, so rounded ms never land outside [in, out). */
const EPS_US = 499;
const MP4_FAMILY = new Set(['.mp4', '.m4v', '.m4a', '.mov', '.3gp']);

/**
 * Stream-copies [inMs, outMs) widened outwards: from the last keyframe ≤ in to the first keyframe ≥ out
 * (exclusive; end of file if none). out beyond the duration is clamped to it; in < 0, in ≥ out or
 * in ≥ duration is `media.range_invalid`.
 *
 * Seeking: with `-c copy`, ffmpeg 5.1 starts at the keyframe before `-ss` but keeps the frames up to
 * `-ss` as hidden pre-roll (MP4 edit list, packet flag D) — NLEs ignore edit lists, so we seek to the
 * keyframe's exact pts, which leaves nothing to hide (verified: first packet K, no D). The end is cut
 * with `-frames:v` because `-t` compares dts and would let the next keyframe in.
 */
export async function cutRange(tools: Tools, inputPath: string, inMs: number, outMs: number, outPath: string): Promise<CutResult> {
  const input = resolve(inputPath);
  const out = resolve(outPath);
  const hide = [input, out];
  if (!Number.isFinite(inMs) || !Number.isFinite(outMs) || inMs < 0 || outMs <= inMs) {
    throw new AppError('media.range_invalid', `Invalid range ${inMs}–${outMs} ms`, { inMs, outMs });
  }
  const json = await ffprobeJson(tools.ffprobe, input);
  const startUs = Math.round(Number(json.format?.start_time ?? 0) * 1e6) || 0;
  const durationMs = Math.round(Number(json.format?.duration) * 1000);
  if (Number.isFinite(durationMs) && inMs >= durationMs) {
    throw new AppError('media.range_invalid', `In point ${inMs} ms is at or after the end (${durationMs} ms)`, { inMs, outMs, durationMs });
  }
  const endMs = Number.isFinite(durationMs) ? Math.min(outMs, durationMs) : outMs;
  const ref = videoStreams(json)[0] ?? (json.streams ?? []).find((s) => s.codec_type === 'audio');
  if (!ref) throw new AppError('media.range_invalid', 'Nothing to cut: no audio or video stream');
  const isVideo = ref.codec_type === 'video';

  const inUs = startUs + inMs * 1000;
  const outUs = startUs + endMs * 1000;
  const url = fileUrl(input);
  const window = `${Math.max(0, (inUs / 1e6) - SCAN_MARGIN_S).toFixed(6)}%${(outUs / 1e6 + SCAN_MARGIN_S).toFixed(6)}`;
  let packets = await scanPackets(tools.ffprobe, url, ref.index, window, hide);
  if (!packets.some((p) => p.key && p.ptsUs <= inUs + EPS_US)) packets = await scanPackets(tools.ffprobe, url, ref.index, undefined, hide);
  const kIn = [...packets].reverse().find((p) => p.key && p.ptsUs <= inUs + EPS_US);
  if (!kIn) throw new AppError('media.process_failed', 'No keyframe at or before the in point', { inMs });
  const kOut = packets.find((p) => p.key && p.ptsUs >= outUs - EPS_US && p.ptsUs > kIn.ptsUs);
  const frames = packets.filter((p) => p.ptsUs >= kIn.ptsUs && (!kOut || p.ptsUs < kOut.ptsUs)).length;
  const ssUs = kIn.ptsUs - startUs; // -ss counts from the file's start_time (ffmpeg adds it back)

  const ext = extname(out).toLowerCase();
  await mkdir(dirname(out), { recursive: true });
  await runTool(tools.ffmpeg, [
    '-nostdin', '-hide_banner', '-v', 'error', '-y', '-ss', sec(ssUs), '-i', url,
    ...(kOut ? ['-t', sec(kOut.ptsUs - kIn.ptsUs)] : []),
    ...(isVideo ? ['-map', `0:${ref.index}`, '-map', '0:a?', ...(kOut ? ['-frames:v', String(frames)] : [])] : ['-map', `0:${ref.index}`]),
    '-c', 'copy', ...(MP4_FAMILY.has(ext) ? ['-movflags', '+faststart'] : []), fileUrl(out),
  ], { hidePaths: hide });

  // Without a keyframe after the range the copy runs to the end of the file, which may stop short of a longer audio track.
  return measure(tools, out, ssUs, isVideo, { inMs, endMs: kOut ? endMs : null, frames: kOut ? frames : null });
}

/**
 * The real range, read back from the output: ffmpeg writes copied packets at (source pts − seek point),
 * so the first shown packet and the end of the last one, plus the seek point, are source times.
 */
async function measure(tools: Tools, out: string, ssUs: number, isVideo: boolean, want: { inMs: number; endMs: number | null; frames: number | null }): Promise<CutResult> {
  const json = await ffprobeJson(tools.ffprobe, out);
  const s = isVideo ? videoStreams(json)[0] : (json.streams ?? []).find((x) => x.codec_type === 'audio');
  if (!s) throw new AppError('media.process_failed', 'The cut has no stream to measure', { path: out });
  const shown = (await scanPackets(tools.ffprobe, fileUrl(out), s.index, undefined, [out])).filter((p: Packet) => !p.discard);
  const first = shown[0];
  const last = shown.at(-1);
  if (!first || !last) throw new AppError('media.process_failed', 'The cut is empty', want);
  const actualInMs = Math.round((ssUs + first.ptsUs) / 1000);
  const actualOutMs = Math.round((ssUs + last.ptsUs + last.durUs) / 1000);
  const details = { ...want, actualInMs, actualOutMs, outputFrames: shown.length, firstIsKey: first.key };
  if ((isVideo && !first.key) || actualInMs > want.inMs || (want.endMs !== null && actualOutMs < want.endMs) || (isVideo && want.frames !== null && shown.length !== want.frames)) {
    throw new AppError('media.process_failed', 'The stream copy did not land on the planned keyframes', details);
  }
  return { path: out, actualInMs, actualOutMs };
}

const sec = (us: number) => (us / 1e6).toFixed(6);
