import { z } from 'zod';

/**
 * `GET /assets/:id/frame`: the exact frame on screen at `ms` (or at the label `tc` in the asset's own
 * timecode, the one moments show), as PNG at source resolution unless `width`/`format` say otherwise.
 * Neither `ms` nor `tc` means the first frame (the only one of a still).
 */
export const FrameQuerySchema = z
  .object({
    ms: z.coerce.number().int().nonnegative().optional(),
    tc: z.string().trim().min(8).max(16).optional(),
    /** Scale to this width (height keeps the aspect, even); never upscales past the source. */
    width: z.coerce.number().int().min(16).max(8192).optional(),
    format: z.enum(['png', 'jpeg']).default('png'),
  })
  .refine((q) => q.ms === undefined || q.tc === undefined, 'give ms or tc, not both');
export type FrameQuery = z.infer<typeof FrameQuerySchema>;
export type FrameQueryInput = z.input<typeof FrameQuerySchema>;

/** What the frame response headers say about the picture (X-Cutaway-Frame, -Frame-Ms, -Timecode). */
export const FrameInfoSchema = z.object({
  /** 0-based frame index in the asset's own rate. */
  frame: z.number().int().nonnegative(),
  /** Where that frame starts (rounded up to the ms, so msToFrames(ms) gives `frame` back). */
  ms: z.number().int().nonnegative(),
  timecode: z.string().nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.enum(['image/png', 'image/jpeg']),
});
export type FrameInfo = z.infer<typeof FrameInfoSchema>;
