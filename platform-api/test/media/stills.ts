import { spawn } from 'node:child_process';

/**
 * A still with known text: a flat background, `caption` in white on a dark box in the lower
 * quarter (where on-screen-text reading looks), and `corner` small in the top-left so two
 * versions of the same graphic differ visibly.
 */
export function generateStill(outPath: string, o: { caption: string; corner: string; background: string; width?: number; height?: number }): Promise<void> {
  const w = o.width ?? 1280;
  const h = o.height ?? 720;
  const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
  const esc = (t: string) => t.replace(/[\\':]/g, (c) => `\\${c}`);
  const graph = `color=c=${o.background}:s=${w}x${h},` +
    `drawtext=fontfile=${font}:text='${esc(o.caption)}':fontsize=${Math.round(h / 11)}:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=12:x=${Math.round(w / 16)}:y=${Math.round(h * 0.78)},` +
    `drawtext=fontfile=${font}:text='${esc(o.corner)}':fontsize=${Math.round(h / 24)}:fontcolor=white:x=20:y=20`;
  return new Promise((ok, fail) => {
    const p = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', graph, '-frames:v', '1', outPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? ok() : fail(new Error(`ffmpeg exited ${code}: ${err}`))));
  });
}
