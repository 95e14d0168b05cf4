import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '@cutaway/shared';
import { ffprobeJson, fileUrl } from '../ffmpeg/probe';
import { runTool } from '../ffmpeg/run';

export interface Measured {
  width: number;
  height: number;
  fps: number;
  videoCodec: string;
  audioCodec: string | null;
  durationMs: number;
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  bytes: number;
  sha256: string;
}

export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/** Integrated loudness and true peak as EBU R 128 / ITU-R BS.1770 measure them (ffmpeg ebur128, peak=true). */
export async function measureLoudness(ffmpeg: string, path: string, signal?: AbortSignal): Promise<{ integratedLufs: number | null; truePeakDbtp: number | null }> {
  const { stderr } = await runTool(ffmpeg, ['-nostdin', '-hide_banner', '-nostats', '-i', fileUrl(path), '-map', '0:a:0', '-filter:a', 'ebur128=peak=true', '-f', 'null', '-'], { signal, hidePaths: [path] });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const i = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary);
  const tp = /True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(summary);
  const val = (m: RegExpExecArray | null) => (m && m[1] !== '-inf' ? Number(m[1]) : null);
  return { integratedLufs: val(i), truePeakDbtp: val(tp) };
}

/** Reads back what was written: "done" is said only after this (assistant.md §5 "Honest results"). */
export async function measure(ffmpeg: string, ffprobe: string, path: string, signal?: AbortSignal): Promise<Measured> {
  const json = await ffprobeJson(ffprobe, path);
  const v = json.streams?.find((s) => s.codec_type === 'video');
  const a = json.streams?.find((s) => s.codec_type === 'audio');
  if (!v || !v.width || !v.height) throw new AppError('media.process_failed', 'The render has no video stream');
  const [n, d] = (v.avg_frame_rate ?? v.r_frame_rate ?? '0/1').split('/').map(Number);
  const fps = n && d ? n / d : 0;
  const durationMs = Math.round(Number(json.format?.duration ?? 0) * 1000);
  const [loud, hash] = await Promise.all([measureLoudness(ffmpeg, path, signal), sha256File(path)]);
  return { width: v.width, height: v.height, fps, videoCodec: v.codec_name ?? 'unknown', audioCodec: a?.codec_name ?? null, durationMs, ...loud, ...hash };
}
