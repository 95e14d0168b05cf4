import { readFile } from 'node:fs/promises';
import type { Thumbnail, VideoOutputs } from '../../ports/media-tools';

export interface LoggedFrame {
  /** Time relative to the input's start (ffmpeg shifts inputs to 0 unless -copyts). */
  ms: number;
  /** lavfi.scene_score when the branch ran select with `scene`, else null. */
  score: number | null;
}

/** Parses `metadata=print` output: `frame:N pts:P pts_time:S` then `key=value` lines for that frame. */
export async function readMetadataLog(path: string): Promise<LoggedFrame[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const frames: LoggedFrame[] = [];
  for (const line of text.split('\n')) {
    const f = /^frame:\d+\s+pts:\S+\s+pts_time:(-?[\d.]+)/.exec(line);
    if (f) frames.push({ ms: Math.round(Number(f[1]) * 1000), score: null });
    const s = /^lavfi\.scene_score=([\d.]+)/.exec(line);
    if (s && frames.length) frames[frames.length - 1]!.score = Number(s[1]);
  }
  return frames;
}

/**
 * Which thumbnail candidates to keep. ffmpeg selects the first frame, every cut frame and a frame
 * 4 s after the previous pick; a periodic pick can then land just before a cut. Shot starts win:
 * keep cut frames at least `minGapMs` apart (a strobe is not a run of shots), then the periodic
 * frames that are at least `minGapMs` from every kept frame. Result: ≤ 1 per `minGapMs`, a
 * thumbnail on each shot start, gaps of at most 4 s + `minGapMs`.
 */
export function pickThumbnails(candidates: readonly LoggedFrame[], threshold: number, minGapMs: number): number[] {
  const cuts: number[] = [];
  candidates.forEach((c, i) => {
    const isStart = i === 0 || (c.score ?? 0) > threshold;
    const prev = cuts.at(-1);
    if (isStart && (prev === undefined || c.ms - candidates[prev]!.ms >= minGapMs)) cuts.push(i);
  });
  const kept = new Set(cuts);
  for (const [i, c] of candidates.entries()) {
    if (kept.has(i)) continue;
    if ([...kept].every((k) => Math.abs(candidates[k]!.ms - c.ms) >= minGapMs)) kept.add(i);
  }
  return [...kept].sort((a, b) => a - b);
}

/** [0, cut1), [cut1, cut2) … [cutN, duration); each shot's keyframe is its first thumbnail, else the one before it. */
export function toShots(cutsMs: readonly number[], durationMs: number, thumbs: readonly Thumbnail[]): VideoOutputs['shots'] {
  const bounds = [0, ...[...new Set(cutsMs)].sort((a, b) => a - b), durationMs];
  const shots: VideoOutputs['shots'] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const startMs = bounds[i]!;
    const endMs = bounds[i + 1]!;
    if (endMs <= startMs) continue;
    const inside = thumbs.find((t) => t.atMs >= startMs && t.atMs < endMs);
    const before = [...thumbs].reverse().find((t) => t.atMs < startMs);
    shots.push({ startMs, endMs, keyframeMs: (inside ?? before)?.atMs ?? startMs });
  }
  return shots;
}
