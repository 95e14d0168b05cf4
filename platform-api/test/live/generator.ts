import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';

/**
 * A live source with ground truth by construction (issue 11 "Tests"): testsrc2 with the frame number burnt in,
 * large, white on a black box in the top-left corner, and a 440 Hz sine, pushed in real time (-re) over SRT or RTMP.
 */
export const COUNTER_BOX = { width: 340, height: 130 };
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

export interface Generator {
  proc: ChildProcess;
  /** SIGKILL: the stream stops mid-segment, as a crashed encoder would. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export function pushTestSource(url: string, opts: { seconds: number; fps?: number; width?: number; height?: number }): Generator {
  const fps = opts.fps ?? 25;
  const format = url.startsWith('rtmp://') ? 'flv' : 'mpegts';
  const counter = `drawbox=x=0:y=0:w=${COUNTER_BOX.width}:h=${COUNTER_BOX.height}:color=black:t=fill,drawtext=fontfile=${FONT}:text='%{eif\\:n\\:d\\:5}':fontsize=100:fontcolor=white:x=10:y=12`;
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${opts.width ?? 640}x${opts.height ?? 360}:rate=${fps}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(opts.seconds), '-vf', counter,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '96k', '-f', format, url,
  ];
  const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr!.resume();
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  return {
    proc,
    exited,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Ports for generators and channels: below the ephemeral range (see @cutaway/shared/testing). */
export { freePort } from '@cutaway/shared/testing';

// Async on purpose: a blocked event loop lets the client reuse keep-alive sockets the server already closed.
const run = promisify(execFile);

/** Frames in a file, by decoding (not the container's guess). */
export async function countFrames(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

/**
 * Reads the burnt-in counter of frame `index` of a file with tesseract (digits only, one text line):
 * the counter box is cropped, thresholded to black on white and upscaled nothing — it is already 100 px tall.
 */
export async function readCounter(file: string, index: number, workDir: string): Promise<number | null> {
  const png = join(workDir, `frame-${index}-${Math.random().toString(36).slice(2)}.png`);
  await run('ffmpeg', [
    '-v', 'error', '-y', '-i', file,
    '-vf', `select=eq(n\\,${index}),crop=${COUNTER_BOX.width}:${COUNTER_BOX.height}:0:0,format=gray,lut=y='if(gt(val\\,128)\\,0\\,255)'`,
    '-frames:v', '1', png,
  ]);
  const t = await run('tesseract', [png, '-', '--psm', '7', '-c', 'tessedit_char_whitelist=0123456789'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
  const digits = t.stdout.replace(/\D/g, '');
  return digits.length ? Number(digits) : null;
}
