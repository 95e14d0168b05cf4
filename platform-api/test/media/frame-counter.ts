import { spawn } from 'node:child_process';

/**
 * Ground truth for frame grabs: every frame shows its own 0-based index (drawtext `%{frame_num}`,
 * black DejaVu Sans on white, which tesseract reads exactly), encoded as H.264 with a GOP of
 * `gop` frames so most requested frames sit between keyframes. `timecode` writes a tmcd track;
 * `;` before the frames marks drop-frame (ffmpeg's convention).
 */
export async function generateFrameCounter(outPath: string, o: { rate: string; frames: number; width: number; height: number; gop: number; timecode?: string }): Promise<void> {
  const text = `drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text='%{frame_num}':fontsize=${Math.round(o.height / 6.4)}:fontcolor=black:x=${Math.round(o.width / 16)}:y=${Math.round(o.height / 9)}`;
  await run('ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=white:s=${o.width}x${o.height}:r=${o.rate},${text}`,
    '-frames:v', String(o.frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(o.gop), '-bf', '2', '-pix_fmt', 'yuv420p',
    ...(o.timecode ? ['-timecode', o.timecode] : []), outPath,
  ]);
}

/** The number a picture shows, read by tesseract (digits only, one block). */
export async function readNumber(imagePath: string): Promise<number> {
  const out = await run('tesseract', [imagePath, '-', '--psm', '6', '-c', 'tessedit_char_whitelist=0123456789']);
  const digits = out.trim().split(/\s+/)[0] ?? '';
  return /^\d+$/.test(digits) ? Number(digits) : NaN;
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? ok(stdout) : fail(new Error(`${bin} exited ${code}: ${stderr.slice(-500)}`))));
  });
}
