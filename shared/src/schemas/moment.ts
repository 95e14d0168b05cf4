import { z } from 'zod';
import { IdSchema } from './common';

/**
 * Every time-coded thing lives in one key space (assetId, startMs, endMs, kind),
 * so one query covers speech, on-screen text, shots, tags with ranges and review markers.
 */
/** `face` (a person on screen) and `object` (a COCO object) are stored in the index as `tag` rows (rules/visual-moments.ts). */
export const MomentKindSchema = z.enum(['speech', 'ocr', 'shot', 'tag', 'marker', 'face', 'object']);
export type MomentKind = z.infer<typeof MomentKindSchema>;

/** A word with its own timing, kept so a speech hit resolves to the exact words' in and out. */
export const WordTimingSchema = z.object({
  w: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  conf: z.number().min(0).max(1).optional(),
});

/** The stored unit of search. `source` says which step wrote it, so re-running that step replaces only its rows. */
export const SegmentSchema = z.object({
  assetId: IdSchema,
  kind: MomentKindSchema,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string(),
  source: z.string(),
  confidence: z.number().min(0).max(1).nullable().default(null),
  words: z.array(WordTimingSchema).nullable().default(null),
});
export type Segment = z.infer<typeof SegmentSchema>;
export type SegmentInput = z.input<typeof SegmentSchema>;

/** A moment as clients see it: the segment plus display timecodes in the asset's own rate. */
export const MomentSchema = z.object({
  assetId: IdSchema,
  kind: MomentKindSchema,
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  timecodeIn: z.string(),
  timecodeOut: z.string(),
  text: z.string(),
  /** `text` with matched terms wrapped in <mark>…</mark> (HTML-escaped otherwise). */
  highlighted: z.string(),
  score: z.number(),
  confidence: z.number().nullable(),
  thumbnailUrl: z.string().nullable(),
  /** How this moment matched: the words of the query, how they sound (phonetic), or meaning (embeddings). */
  matchedBy: z.enum(['lexical', 'phonetic', 'semantic', 'none']).default('lexical'),
  /** Why it matched, in a sentence a person reads: "said at 00:00:13:00", "on screen at …", "sounds like …". */
  reason: z.string().optional(),
});
export type Moment = z.infer<typeof MomentSchema>;

export const MomentListQuerySchema = z.object({ kind: MomentKindSchema.optional() });
