import { isAppError } from '@cutaway/shared';
import { runTool } from './run';
import type { Tools } from './tools';

/** `ffmpeg version 5.1.9-0+deb12u1 Copyright …` → `5.1.9-0+deb12u1`; null when the tool is missing or broken. */
export async function toolVersion(bin: string): Promise<string | null> {
  try {
    const { stdout } = await runTool(bin, ['-hide_banner', '-version']);
    return /version\s+(\S+)/.exec(stdout)?.[1] ?? null;
  } catch (err) {
    if (isAppError(err)) return null;
    throw err;
  }
}

export async function versions(tools: Tools): Promise<Record<string, string | null>> {
  const [ffmpeg, ffprobe] = await Promise.all([toolVersion(tools.ffmpeg), toolVersion(tools.ffprobe)]);
  return { ffmpeg, ffprobe };
}
