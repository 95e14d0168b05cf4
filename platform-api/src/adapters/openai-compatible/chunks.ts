/**
 * Pure planning of upload chunks for speech-to-text. Providers cap uploads (OpenAI: 25 MB) and
 * a long request is a long retry, so media is sent in pieces of at most `maxChunkMs`.
 */

export interface Chunk {
  /** Media time this chunk's audio covers. */
  startMs: number;
  endMs: number;
  /**
   * Words whose start falls in [keepFromMs, keepToMs) belong to this chunk. Neighbouring fixed
   * cuts overlap so a word cut in half at one edge is whole in the other chunk; each side keeps
   * only its half of the overlap, so every word is kept exactly once and never from the edge
   * where it was cut.
   */
  keepFromMs: number;
  keepToMs: number;
}

export interface ChunkPlanInput {
  durationMs: number;
  maxChunkMs: number;
  /** Overlap of fixed cuts (default 2 s); capped at a quarter of a chunk. */
  overlapMs?: number;
  /** Speech found by silence detection: only these are sent, and cuts fall in the silences between them. */
  regions?: ReadonlyArray<{ startMs: number; endMs: number }>;
  /** Margin kept around each region so word onsets and tails are not clipped (default 250 ms). */
  padMs?: number;
}

interface Span {
  startMs: number;
  endMs: number;
}

export function planChunks(input: ChunkPlanInput): Chunk[] {
  const duration = Math.max(0, Math.floor(input.durationMs));
  const max = Math.max(1000, Math.floor(input.maxChunkMs));
  const overlap = Math.min(Math.max(0, input.overlapMs ?? 2000), Math.floor(max / 4));
  const spans = input.regions ? packRegions(input.regions, duration, max, input.padMs ?? 250) : duration > 0 ? [{ startMs: 0, endMs: duration }] : [];
  return spans.flatMap((s) => splitSpan(s, max, overlap));
}

/** Clamps, pads and merges regions, then packs neighbours together while they fit in one chunk. */
function packRegions(regions: ReadonlyArray<Span>, duration: number, max: number, pad: number): Span[] {
  const padded = regions
    .map((r) => ({ startMs: Math.max(0, Math.floor(r.startMs) - pad), endMs: Math.min(duration, Math.ceil(r.endMs) + pad) }))
    .filter((r) => r.endMs > r.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: Span[] = [];
  for (const r of padded) {
    const last = merged.at(-1);
    if (last && r.startMs <= last.endMs) last.endMs = Math.max(last.endMs, r.endMs);
    else merged.push({ ...r });
  }
  const packed: Span[] = [];
  for (const r of merged) {
    const last = packed.at(-1);
    // Packing sends the silence between two regions too, but saves a request and keeps context.
    if (last && r.endMs - last.startMs <= max) last.endMs = r.endMs;
    else packed.push({ ...r });
  }
  return packed;
}

/** One chunk when the span fits; otherwise fixed cuts every `max - overlap`, the last one shorter. */
function splitSpan(span: Span, max: number, overlap: number): Chunk[] {
  const out: Chunk[] = [];
  for (let start = span.startMs; ; ) {
    const end = Math.min(start + max, span.endMs);
    out.push({ startMs: start, endMs: end, keepFromMs: -Infinity, keepToMs: Infinity });
    if (end >= span.endMs) break;
    start = end - overlap;
  }
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    const cur = out[i]!;
    const mid = Math.round((cur.startMs + prev.endMs) / 2);
    prev.keepToMs = mid;
    cur.keepFromMs = mid;
  }
  return out;
}
