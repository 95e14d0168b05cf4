import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common';

/**
 * A reviewer's time-coded comment (Frame.io V4 comment with a timestamp) or approval.
 * Stored as a `marker` segment so markers are searchable like any other moment.
 */
export const ReviewMarkerSchema = z.object({
  assetId: IdSchema,
  externalId: z.string().max(200),
  author: z.string().max(200),
  text: z.string().max(20_000),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  createdAt: IsoDateSchema,
  resolved: z.boolean(),
});
export type ReviewMarker = z.infer<typeof ReviewMarkerSchema>;

export const ReviewStatusSchema = z.enum(['none', 'in_review', 'needs_changes', 'approved']);
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>;
