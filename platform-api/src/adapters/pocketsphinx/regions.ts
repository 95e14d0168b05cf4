/**
 * Pure planning: which stretches of media time pocketsphinx hears, and how they are laid end to
 * end in the WAV files it reads. Times are milliseconds.
 */
export interface Span {
  startMs: number;
  endMs: number;
}

/** One region placed in a chunk's WAV: audio at [atMs, atMs + length) is media [startMs, endMs). */
export interface Placed extends Span {
  atMs: number;
}

export interface Chunk {
  regions: Placed[];
  /** WAV length, silences between regions included. */
  lengthMs: number;
  /** Media milliseconds of speech in this chunk, for progress. */
  speechMs: number;
}

export interface PlanOptions {
  /** Regions closer than this are one region (default 500): a pause inside a sentence is not a cut. */
  mergeGapMs?: number;
  /** Margin before and after each region (default 200): silencedetect's edge sits on the onset itself. */
  padMs?: number;
  /**
   * Digital silence between regions in the WAV (default 500): at least pocketsphinx's end-of-utterance
   * silence (`-vad_postspeech` 50 frames), so no utterance, and no word, spans two regions.
   */
  gapMs?: number;
  /** Speech per pocketsphinx run (default 180 000): one model load (~0.5 CPU-s) per chunk; progress after each. */
  chunkMs?: number;
}

/** Clamps to [0, duration], pads, merges, sorts; `undefined` regions mean the whole file. */
export function speechRegions(durationMs: number, regions: readonly Span[] | undefined, opts: PlanOptions = {}): Span[] {
  if (!regions) return durationMs > 0 ? [{ startMs: 0, endMs: durationMs }] : [];
  const pad = opts.padMs ?? 200;
  const gap = opts.mergeGapMs ?? 500;
  const padded = regions
    .map((r) => ({ startMs: Math.max(0, Math.floor(r.startMs) - pad), endMs: Math.min(durationMs, Math.ceil(r.endMs) + pad) }))
    .filter((r) => r.endMs > r.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: Span[] = [];
  for (const r of padded) {
    const last = merged.at(-1);
    // Padding already widened both sides, so the merge gap is measured between the padded edges.
    if (last && (r.startMs <= last.endMs || r.startMs - last.endMs < gap - 2 * pad)) last.endMs = Math.max(last.endMs, r.endMs);
    else merged.push({ ...r });
  }
  return merged;
}

/** Lays regions end to end with `gapMs` of silence between them, cut into chunks of at most `chunkMs` of speech. */
export function planChunks(regions: readonly Span[], opts: PlanOptions = {}): Chunk[] {
  const gap = opts.gapMs ?? 500;
  const max = opts.chunkMs ?? 180_000;
  const chunks: Chunk[] = [];
  let cur: Chunk | null = null;
  for (const r of regions) {
    const len = r.endMs - r.startMs;
    if (!cur || (cur.speechMs > 0 && cur.speechMs + len > max)) chunks.push((cur = { regions: [], lengthMs: 0, speechMs: 0 }));
    const atMs = cur.regions.length ? cur.lengthMs + gap : 0;
    cur.regions.push({ ...r, atMs });
    cur.lengthMs = atMs + len;
    cur.speechMs += len;
  }
  return chunks;
}

/**
 * WAV time → media time. A word belongs to the region its middle falls in (or the nearest one,
 * for a word recognised in a gap) and is clamped to that region, so it never lands in a silence.
 */
export function toMediaTime(chunk: Chunk, wavStartMs: number, wavEndMs: number): Span {
  const mid = (wavStartMs + wavEndMs) / 2;
  let best = chunk.regions[0]!;
  let bestDist = Infinity;
  for (const r of chunk.regions) {
    const end = r.atMs + (r.endMs - r.startMs);
    const dist = mid < r.atMs ? r.atMs - mid : mid > end ? mid - end : 0;
    if (dist < bestDist) [best, bestDist] = [r, dist];
  }
  const shift = best.startMs - best.atMs;
  const clamp = (ms: number) => Math.min(best.endMs, Math.max(best.startMs, Math.round(ms + shift)));
  return { startMs: clamp(wavStartMs), endMs: clamp(wavEndMs) };
}
