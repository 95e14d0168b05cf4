import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@cutaway/shared';
import type { AudioOutputs, ProbeResult, ProgressFn } from '../../ports/media-tools';
import { fileUrl } from './probe';
import { percentReporter } from './progress';
import { runTool } from './run';
import type { Tools } from './tools';

export const AUDIO_PROXY = 'proxy.m4a';

/** AAC 96k stereo in MP4 with the index up front, the same audio as the video proxy carries. */
export async function processAudio(
  tools: Tools, inputPath: string, probe: ProbeResult, outDir: string, onProgress: ProgressFn, signal?: AbortSignal,
): Promise<AudioOutputs> {
  if (!probe.hasAudio) throw new AppError('media.process_failed', 'processAudio needs an audio stream', { type: probe.type });
  const input = resolve(inputPath);
  const out = join(resolve(outDir), AUDIO_PROXY);
  await mkdir(resolve(outDir), { recursive: true });
  const durationUs = (probe.technical.durationMs ?? 0) * 1000;
  onProgress(0, 'transcode');
  await runTool(tools.ffmpeg, [
    '-nostdin', '-hide_banner', '-v', 'error', '-y', '-nostats', '-progress', 'pipe:1',
    '-i', fileUrl(input), '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-movflags', '+faststart', '-f', 'mp4', fileUrl(out),
  ], { signal, hidePaths: [input, out], onProgress: percentReporter(null, durationUs, (p) => onProgress(p, 'transcode')) });
  onProgress(100, 'done');
  return { proxy: out };
}
