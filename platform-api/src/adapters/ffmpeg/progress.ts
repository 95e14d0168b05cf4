/** One `-progress` report: ffmpeg prints `key=value` lines and closes each block with `progress=continue|end`. */
export interface ProgressBlock {
  /** Frames encoded for the FIRST video output stream (ffmpeg's print_report takes the first one it meets). */
  frame: number | null;
  /** Largest end time over ALL output streams, in µs; `N/A` before the first packet. */
  outTimeUs: number | null;
  end: boolean;
}

/** Line-buffered parser for `-progress pipe:1` (chunks can split lines anywhere). */
export class ProgressParser {
  private rest = '';
  private fields = new Map<string, string>();

  constructor(private readonly onBlock: (block: ProgressBlock) => void) {}

  push(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key !== 'progress') {
        this.fields.set(key, value);
        continue;
      }
      this.onBlock({ frame: num(this.fields.get('frame')), outTimeUs: num(this.fields.get('out_time_us')), end: value === 'end' });
      this.fields.clear();
    }
  }
}

function num(v: string | undefined): number | null {
  if (v === undefined || !/^-?\d+$/.test(v)) return null;
  return Number(v);
}

/**
 * Turns progress blocks into a monotonic 0–99 percent (100 is reported by the caller when
 * the outputs are collected). Video uses the proxy's frame count because `out_time` is the
 * maximum over all outputs and the sprite's single frame "lasts" its whole tile grid.
 */
export function percentReporter(
  totalFrames: number | null,
  totalUs: number | null,
  report: (percent: number) => void,
): (block: ProgressBlock) => void {
  let last = 0; // the caller reports 0 itself
  return (b) => {
    let p: number | null = null;
    if (totalFrames && b.frame !== null) p = (b.frame / totalFrames) * 100;
    else if (totalUs && b.outTimeUs !== null) p = (b.outTimeUs / totalUs) * 100;
    if (p === null || !Number.isFinite(p)) return;
    const rounded = Math.min(99, Math.max(0, Math.floor(p)));
    if (rounded <= last) return;
    last = rounded;
    report(rounded);
  };
}
