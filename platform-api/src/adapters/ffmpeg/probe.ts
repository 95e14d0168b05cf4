import { resolve } from 'node:path';
import { AppError, isAppError } from '@cutaway/shared';
import type { ProbeResult } from '../../ports/media-tools';
import { toProbeResult, type FfprobeJson } from './probe-map';
import { runTool } from './run';

/** `file:` stops ffmpeg from reading a name like `concat:a|b` or `http:…` as a protocol. */
export const fileUrl = (path: string) => `file:${resolve(path)}`;

/**
 * Runs ffprobe and returns its JSON; failures carry ffprobe's own reason. A text file named
 * *.txt/*.nfo/… is "read" by the tty demuxer (ANSI art, chosen by extension), so a tty result is
 * probed again through stdin, where no extension hints it, to get ffprobe's real verdict.
 */
export async function ffprobeJson(ffprobe: string, inputPath: string): Promise<FfprobeJson> {
  const abs = resolve(inputPath);
  const json = await runProbe(ffprobe, fileUrl(abs), abs);
  if (!json.format?.format_name?.split(',').includes('tty')) return json;
  const piped = await runProbe(ffprobe, 'pipe:0', abs, abs);
  if (!piped.format?.format_name?.split(',').includes('tty')) return piped;
  throw new AppError('media.probe_failed', 'ffprobe failed: not media (only the tty text demuxer accepts it)', { format: 'tty' });
}

async function runProbe(ffprobe: string, url: string, abs: string, stdinPath?: string): Promise<FfprobeJson> {
  const args = ['-v', 'error', '-hide_banner', '-print_format', 'json', '-show_format', '-show_streams', url];
  try {
    const { stdout } = await runTool(ffprobe, args, { failCode: 'media.probe_failed', hidePaths: [abs, 'pipe:0'], stdinPath });
    return JSON.parse(stdout) as FfprobeJson;
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('media.probe_failed', 'ffprobe printed unreadable JSON', undefined, { cause: err });
  }
}

export async function probe(ffprobe: string, inputPath: string): Promise<ProbeResult> {
  return toProbeResult(await ffprobeJson(ffprobe, inputPath));
}
